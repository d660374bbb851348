import { type RecordBatch, truthInteractions, truthPeaks } from '@dance/schema';
import type { DetectorConfig } from './detector/config.js';
import { buildDetector, type Detector } from './detector/detector.js';
import { sampleQuanta } from './physics/quanta.js';
import { RECOIL_CODE } from './physics/recoil.js';
import { Digitizer } from './response/digitizer.js';
import { HitBuffer } from './response/hits.js';
import { BaselineNoise } from './response/noise.js';
import { PeakTally } from './response/peak.js';
import { PmtResponse } from './response/pmt.js';
import { RecordBuffer, SEARCH_SAMPLES } from './response/records.js';
import { S1Response } from './response/s1.js';
import { diffusionSigma, S2Response } from './response/s2.js';
import { Random, STREAM } from './rng.js';
import { makeSource, type Source, type SourceSpec } from './sources/sources.js';
import { checkVolume, fullVolume, samplePosition, type Volume } from './sources/volume.js';
import { type InteractionRow, type PeakRow, rowsToBatch } from './truth.js';

/** Everything that determines a simulated run (and so its lineage). Structured-cloneable for workers. */
export interface SimulationSpec {
  detector: DetectorConfig;
  source: SourceSpec;
  rateHz: number;
  durationS: number;
  seed: number;
  /** Where events happen; the whole active volume when absent. */
  volume?: Volume;
  /** Run start, ns since the Unix epoch. */
  runStartNs: bigint;
  /** PMT dark counts and lone electrons (default on). */
  backgrounds?: boolean;
}

/** The products of one time window of the run. */
export interface WindowOutput {
  /** Chunk bounds (ns since the Unix epoch): the window's nominal bounds moved to quiet samples. */
  start: bigint;
  end: bigint;
  rawRecords: RecordBatch;
  interactions: RecordBatch;
  peaks: RecordBatch;
}

/**
 * Event times are drawn per fixed 10 ms block (Poisson count, uniform times), and each event,
 * dark-count block and lone-electron block has its own random stream, so a time window can be
 * simulated alone and any split of the run gives the same data.
 */
export const EVENT_BLOCK_NS = 10_000_000;
/** Hits this far outside a window are still digitized so that pulses at its edges are complete. */
const EDGE_MARGIN_NS = 200_000;
const EVENT_ID_STRIDE = 2 ** 20;

/** Truth rows near a window, with their times (ns since run start) for the final cut. */
interface Rows {
  interactions: InteractionRow[];
  interactionTimes: number[];
  peaks: PeakRow[];
  peakTimes: number[];
}

interface Span {
  lo: number;
  hi: number;
}

const PEAK_S1 = 1;
const PEAK_S2 = 2;

export class Simulator {
  readonly detector: Detector;
  readonly source: Source;
  readonly s1: S1Response;
  readonly s2: S2Response;
  private readonly pmt: PmtResponse;
  private readonly volume: Volume;
  private readonly digitizer: Digitizer;
  private readonly hits: HitBuffer;
  private readonly records = new RecordBuffer();
  private readonly tally = new PeakTally();
  private readonly durationNs: number;
  private readonly lookbackNs: number;
  private readonly aliveChannels: Int32Array;

  constructor(readonly spec: SimulationSpec) {
    this.detector = buildDetector(spec.detector);
    this.source = makeSource(spec.source);
    const g = spec.detector.geometry;
    this.volume = spec.volume ?? fullVolume(g.radius_cm, g.drift_length_cm);
    checkVolume(this.volume, g.radius_cm, g.drift_length_cm);
    this.hits = new HitBuffer(this.detector.channels);
    this.pmt = new PmtResponse(this.detector);
    this.s1 = new S1Response(this.detector, this.pmt);
    this.s2 = new S2Response(this.detector, this.pmt);
    const d = spec.detector.digitizer;
    const noise = new BaselineNoise(
      spec.seed,
      d.noise_adc,
      d.baseline_adc,
      2 ** d.bits - 1,
      d.baseline_adc - d.zle_threshold_adc,
    );
    this.digitizer = new Digitizer(this.detector, noise);
    this.durationNs = spec.durationS * 1e9;
    const maxDrift = this.detector.maxDriftNs;
    // the latest light of an event: S2 after full drift, diffusion tail, trapping, afterpulses
    this.lookbackNs = maxDrift + 10 * diffusionSigma(this.detector, maxDrift) + 100_000 + EDGE_MARGIN_NS;
    this.aliveChannels = Int32Array.from(
      Array.from(this.detector.alive.keys()).filter((ch) => this.detector.alive[ch] === 1),
    );
  }

  /**
   * Simulates the window [startNs, endNs) (ns since run start). Its bounds move forward to the
   * first sample no pulse straddles, so no record crosses into the next chunk; pulses, deposits
   * and peaks belong to the window where they start.
   */
  window(startNs: number, endNs: number): WindowOutput {
    const hits = this.hits;
    hits.clear();
    const rows: Rows = { interactions: [], interactionTimes: [], peaks: [], peakTimes: [] };
    const near = { lo: startNs - EDGE_MARGIN_NS, hi: endNs + EDGE_MARGIN_NS };
    const from = Math.max(0, startNs - this.lookbackNs);
    const to = Math.min(this.durationNs, near.hi);
    for (let b = Math.floor(from / EVENT_BLOCK_NS); b * EVENT_BLOCK_NS < to; b++) {
      const times = this.blockEventTimes(b);
      for (let k = 0; k < times.length; k++) {
        if (times[k] >= from && times[k] < to) this.event(b, k, times[k], near, rows);
      }
    }
    if (this.spec.backgrounds !== false) {
      for (let b = Math.floor(Math.max(0, near.lo) / EVENT_BLOCK_NS); b * EVENT_BLOCK_NS < to; b++) {
        this.darkCounts(b);
        this.loneElectrons(b, near, rows);
      }
    }
    hits.keepWithin(near.lo, near.hi);
    const dt = this.spec.detector.digitizer.sample_ns;
    const records = this.records;
    records.clear();
    this.digitizer.run(hits, startNs - SEARCH_SAMPLES * dt, endNs + SEARCH_SAMPLES * dt, records);
    const lo = startNs <= 0 ? Number.NEGATIVE_INFINITY : records.quietSampleFrom(Math.ceil(startNs / dt));
    const hi = records.quietSampleFrom(Math.ceil(endNs / dt));
    const raw = records.toBatch(lo, hi, this.spec.runStartNs, dt, this.spec.detector.digitizer.baseline_adc);
    const inside = (t: number) => t >= lo * dt && t < hi * dt;
    const run = this.spec.runStartNs;
    // the first window starts at the run start, or earlier when a pulse's pre-trigger samples reach before it
    let start = run + BigInt(Number.isFinite(lo) ? lo * dt : 0);
    if (!Number.isFinite(lo) && raw.length > 0 && raw.time[0] < start) start = raw.time[0];
    return {
      start,
      end: run + BigInt(hi * dt),
      rawRecords: raw,
      interactions: rowsToBatch(
        truthInteractions,
        rows.interactions.filter((_, i) => inside(rows.interactionTimes[i])),
      ),
      peaks: rowsToBatch(
        truthPeaks,
        rows.peaks.filter((_, i) => inside(rows.peakTimes[i])),
      ),
    };
  }

  /** Event times of block b (ns since run start, ascending, within the run). */
  blockEventTimes(b: number): Float64Array {
    const rng = Random.stream(this.spec.seed, STREAM.eventTimes, b);
    const n = rng.poisson((this.spec.rateHz * EVENT_BLOCK_NS) / 1e9);
    const t = new Float64Array(n);
    for (let i = 0; i < n; i++) t[i] = (b + rng.uniform()) * EVENT_BLOCK_NS;
    t.sort();
    let keep = n;
    while (keep > 0 && t[keep - 1] >= this.durationNs) keep--;
    return t.subarray(0, keep);
  }

  private event(block: number, k: number, time: number, near: Span, rows: Rows): void {
    const rng = Random.stream(this.spec.seed, STREAM.event, block, k);
    const eventId = block * EVENT_ID_STRIDE + k;
    const [x, y, z] = samplePosition(rng, this.volume);
    const deposits = this.source.sample(rng);
    const tpc = this.spec.detector.tpc;
    const start = this.spec.runStartNs;
    const tally = this.tally;
    for (let i = 0; i < deposits.length; i++) {
      const dep = deposits[i];
      const t = time + dep.delayNs;
      const quanta = sampleQuanta(rng, dep.recoil, dep.energy, tpc.drift_field_v_cm, tpc.density_g_cm3);
      this.s1.simulate(rng, x, y, z, t, quanta, dep.recoil, dep.energy, this.hits, tally);
      const s1 = { pe: tally.pe, area: tally.area };
      if (tally.pe > 0 && tally.first >= near.lo && tally.first < near.hi) {
        rows.peaks.push(this.peakRow(PEAK_S1, BigInt(eventId), i, 0, x, y));
        rows.peakTimes.push(tally.first);
      }
      const extracted = this.s2.simulate(rng, x, y, z, t, quanta.electrons, this.hits, tally);
      if (tally.pe > 0 && tally.first >= near.lo && tally.first < near.hi) {
        rows.peaks.push(this.peakRow(PEAK_S2, BigInt(eventId), i, extracted, x, y));
        rows.peakTimes.push(tally.first);
      }
      if (t >= near.lo && t < near.hi) {
        rows.interactionTimes.push(t);
        rows.interactions.push({
          time: start + BigInt(Math.round(t)),
          event_id: BigInt(eventId),
          interaction: i,
          x,
          y,
          z,
          energy: dep.energy,
          recoil_type: RECOIL_CODE[dep.recoil],
          photons: quanta.photons,
          electrons: quanta.electrons,
          s1_pe: s1.pe,
          s1_area: s1.area,
          drift_time: -z / (tpc.drift_velocity_mm_us * 1e-4),
          electrons_extracted: extracted,
          s2_pe: tally.pe,
          s2_area: tally.area,
        });
      }
    }
  }

  private peakRow(
    type: number,
    eventId: bigint,
    interaction: number,
    electrons: number,
    x: number,
    y: number,
  ): PeakRow {
    const t = this.tally;
    const start = this.spec.runStartNs;
    return {
      time: start + BigInt(Math.round(t.first)),
      endtime: start + BigInt(Math.round(t.last)),
      center_time: start + BigInt(Math.round(t.center())),
      type,
      event_id: eventId,
      interaction,
      n_photons: t.photons,
      n_pe: t.pe,
      area: t.area,
      electrons,
      width: t.width(),
      x,
      y,
    };
  }

  private darkCounts(b: number): void {
    const rate = this.spec.detector.pmts.dark_rate_hz;
    const alive = this.aliveChannels;
    if (rate <= 0 || alive.length === 0) return;
    const rng = Random.stream(this.spec.seed, STREAM.darkCounts, b);
    const n = rng.poisson((alive.length * rate * EVENT_BLOCK_NS) / 1e9);
    for (let i = 0; i < n; i++) {
      const ch = alive[Math.floor(rng.uniform() * alive.length)];
      const t = (b + rng.uniform()) * EVENT_BLOCK_NS;
      const area = this.pmt.speArea(rng);
      if (t < this.durationNs) this.hits.push(ch, t, area);
    }
  }

  private loneElectrons(b: number, near: Span, rows: Rows): void {
    const rate = this.spec.detector.tpc.single_electron_rate_hz;
    if (rate <= 0) return;
    const rng = Random.stream(this.spec.seed, STREAM.singleElectrons, b);
    const n = rng.poisson((rate * EVENT_BLOCK_NS) / 1e9);
    const radius = this.spec.detector.geometry.radius_cm;
    for (let i = 0; i < n; i++) {
      const t = (b + rng.uniform()) * EVENT_BLOCK_NS;
      const r = radius * Math.sqrt(rng.uniform());
      const phi = 2 * Math.PI * rng.uniform();
      const x = r * Math.cos(phi);
      const y = r * Math.sin(phi);
      if (t >= this.durationNs) continue;
      this.tally.reset(t);
      this.s2.aim(x, y);
      this.s2.luminesce(rng, t, this.hits, this.tally);
      if (this.tally.pe > 0 && this.tally.first >= near.lo && this.tally.first < near.hi) {
        rows.peaks.push(this.peakRow(PEAK_S2, -1n, -1, 1, x, y));
        rows.peakTimes.push(this.tally.first);
      }
    }
  }
}
