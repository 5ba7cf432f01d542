import { encode } from 'uqr';

/** A QR code drawn as one SVG path (no canvas, no inline script, no data URL needed). */
export function QrCode({ value, label, size = 220 }: { value: string; label: string; size?: number }) {
  const { data } = encode(value, { ecc: 'M', border: 2 });
  const n = data.length;
  let d = '';
  data.forEach((row, y) => {
    row.forEach((on, x) => {
      if (on) d += `M${x} ${y}h1v1h-1z`;
    });
  });
  return (
    <svg
      role="img"
      aria-label={label}
      width={size}
      height={size}
      viewBox={`0 0 ${n} ${n}`}
      shapeRendering="crispEdges"
      style={{ background: '#fff' }}
    >
      <path d={d} fill="#000" />
    </svg>
  );
}
