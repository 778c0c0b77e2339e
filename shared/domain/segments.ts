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

/** A subsegment label as files write it, folded for matching: "SMB - Small" → "small". */
export function segmentLabelKey(label: string): string {
  return label
    .toLowerCase()
    .replace(/[\s\-–—_]/g, '')
    .replace(/^smb/, '');
}

/** File labels of the subsegments and the segment each one means (docs/segments.md). */
export const SEGMENT_OF_LABEL: Readonly<Record<string, (typeof SUBSEGMENTS)[number]>> = {
  uppermedium: 'Top Unmanaged – user based',
  topunmanageduserbased: 'Top Unmanaged – user based',
  topunmanageduserbase: 'Top Unmanaged – user based',
  topunmanagedcomputebased: 'Top Unmanaged – compute based',
  topunmanagedcomputebase: 'Top Unmanaged – compute based',
  medium: 'Medium business',
  mediumbusiness: 'Medium business',
  small: 'Small business',
  smallbusiness: 'Small business',
  verysmall: 'Very small business',
  verysmallbusiness: 'Very small business',
};

/**
 * The customer's segment, one vocabulary (SUBSEGMENTS): derived from OrgSize (and Azure
 * potential) when OrgSize is known; otherwise mapped from the file's label; otherwise from the
 * Azure potential alone. A label the table does not know is kept as the file wrote it, so that
 * nothing is hidden from the facet.
 */
export function canonicalSegment(
  orgSize: number | null,
  azurePotential: number | null,
  fileLabel: string | null,
): string | null {
  if (orgSize !== null && orgSize >= 1) return deriveSubSegment(orgSize, azurePotential);
  const label = fileLabel?.trim();
  if (label) return SEGMENT_OF_LABEL[segmentLabelKey(label)] ?? label;
  return deriveSubSegment(null, azurePotential);
}
