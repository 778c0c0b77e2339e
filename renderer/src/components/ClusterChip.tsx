import { chipColors } from './chip-colors';
import { clusterLabel } from '../i18n';

/** A cluster as a chip: its name in the reader's language (colour is never the only carrier). */
export function ClusterChip({ cluster, title }: { cluster: string | null | undefined; title?: string }) {
  if (!cluster) return null;
  const c = chipColors(cluster);
  const name = clusterLabel(cluster);
  return (
    <span className="chip" title={title ?? name} style={c ?? undefined}>
      {name}
    </span>
  );
}
