import { clusterColor } from '../../../shared/domain/colors';

export function ClusterChip({ cluster, title }: { cluster: string | null | undefined; title?: string }) {
  if (!cluster) return null;
  const c = clusterColor(cluster);
  return (
    <span
      className="chip"
      title={title ?? cluster}
      style={c ? { background: c.css, color: c.textCss } : undefined}
    >
      {cluster}
    </span>
  );
}
