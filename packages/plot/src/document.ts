/**
 * A standalone SVG picture on a white background. `metadata` (e.g. provenance JSON) goes verbatim into
 * <metadata> as CDATA, with any "]]>" in it split so the text survives unchanged.
 */
export function svgDocument(width: number, height: number, body: string[], metadata?: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    ...(metadata === undefined
      ? []
      : [`<metadata><![CDATA[${metadata.replaceAll(']]>', ']]]]><![CDATA[>')}]]></metadata>`]),
    `<rect width="${width}" height="${height}" fill="white"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
