/** SMB subsegments derived from OrgSize (employees) when the file names none (domain.md). */
export const SUBSEGMENTS = [
  'Top Unmanaged – user based',
  'Top Unmanaged – compute based',
  'Medium business',
  'Small business',
  'Very small business',
] as const;

/** Azure potential above which a customer is "Top Unmanaged – compute based". */
export const COMPUTE_BASED_POTENTIAL = 10_000;

export function deriveSubSegment(
  orgSize: number | null,
  azurePotential: number | null = null,
): string | null {
  if (orgSize !== null && orgSize >= 300) return 'Top Unmanaged – user based';
  if (azurePotential !== null && azurePotential > COMPUTE_BASED_POTENTIAL)
    return 'Top Unmanaged – compute based';
  if (orgSize === null || orgSize < 1) return null;
  if (orgSize >= 25) return 'Medium business';
  if (orgSize >= 10) return 'Small business';
  return 'Very small business';
}
