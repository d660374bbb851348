/** Interaction kinds the yield model knows: electronic recoils of betas and of gammas, nuclear recoils. */
export const RECOILS = ['er-beta', 'er-gamma', 'nr'] as const;
export type Recoil = (typeof RECOILS)[number];

/** Integer codes stored in truth products (recoil_type field). */
export const RECOIL_CODE: Record<Recoil, number> = { 'er-beta': 1, 'er-gamma': 2, nr: 3 };

export function isRecoil(s: string): s is Recoil {
  return (RECOILS as readonly string[]).includes(s);
}
