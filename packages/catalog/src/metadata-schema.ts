import { nowNs, UserError } from '@dance/schema';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { fromJson, toJson, toNumber } from './codec.js';
import { type Connection, writeTransaction } from './dialect.js';

/**
 * The experiment's JSON Schema for run metadata, versioned in the catalog: each new schema gets the
 * next version, and a run records the version it was validated with, so old runs stay valid under it.
 */
export class MetadataSchemas {
  private readonly validators = new Map<number, ValidateFunction>();

  constructor(private readonly c: Connection) {}

  /** Stores a new schema version (checked to be a valid JSON Schema first) and returns its number. */
  async add(schema: object): Promise<number> {
    try {
      compile(schema);
    } catch (err) {
      throw new UserError(`metadata schema is not a valid JSON Schema: ${(err as Error).message}`);
    }
    return writeTransaction(this.c, async (trx) => {
      const row = await trx
        .selectFrom('metadata_schemas')
        .select((eb) => eb.fn.max('version').as('latest'))
        .executeTakeFirst();
      const version = (row?.latest === null || row?.latest === undefined ? 0 : toNumber(row.latest)) + 1;
      await trx
        .insertInto('metadata_schemas')
        .values({ version, schema: toJson(schema, 'metadata schema'), created_ns: nowNs() })
        .execute();
      return version;
    });
  }

  async latestVersion(): Promise<number | undefined> {
    const row = await this.c.db
      .selectFrom('metadata_schemas')
      .select((eb) => eb.fn.max('version').as('latest'))
      .executeTakeFirst();
    return row?.latest === null || row?.latest === undefined ? undefined : toNumber(row.latest);
  }

  async get(version: number): Promise<object> {
    const row = await this.c.db
      .selectFrom('metadata_schemas')
      .select('schema')
      .where('version', '=', version)
      .executeTakeFirst();
    if (!row) throw new UserError(`metadata schema version ${version} does not exist`);
    return fromJson<object>(row.schema, this.c.backend);
  }

  /**
   * Checks `metadata` against the latest schema and returns that version (undefined when the
   * experiment has no schema yet). The message names the JSON path: "/drift_field: must be number".
   */
  async validate(metadata: unknown, what: string): Promise<number | undefined> {
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
      throw new UserError(`${what} metadata must be a JSON object`);
    }
    const version = await this.latestVersion();
    if (version === undefined) return undefined;
    const validate = await this.validator(version);
    if (!validate(metadata)) {
      const e = validate.errors![0];
      const path = e.instancePath === '' ? '/' : e.instancePath;
      throw new UserError(`${what} metadata ${path}: ${e.message} (metadata schema version ${version})`);
    }
    return version;
  }

  private async validator(version: number): Promise<ValidateFunction> {
    let validate = this.validators.get(version);
    if (!validate) {
      validate = compile(await this.get(version));
      this.validators.set(version, validate);
    }
    return validate;
  }
}

/** One Ajv per schema: versions of one schema usually share an $id, which a shared Ajv would refuse. */
function compile(schema: object): ValidateFunction {
  return new Ajv2020({ strict: false }).compile(schema);
}
