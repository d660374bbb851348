/** Text and attribute values made safe for XML: titles, labels and colours come from users. */
export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** A pixel coordinate as written into the SVG (two decimals: finer than any screen, small files). */
export function coord(v: number): string {
  return v.toFixed(2);
}
