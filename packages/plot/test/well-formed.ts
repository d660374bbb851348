/**
 * A small XML well-formedness check for the SVG these tests write (node has no DOMParser): tags balance,
 * attributes are quoted, text has no raw '<' and only known entities.
 */
export function assertWellFormed(xml: string): void {
  const open: string[] = [];
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    checkText(xml.slice(i, lt < 0 ? xml.length : lt));
    if (lt < 0) break;
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt);
      if (end < 0) throw new Error(`unterminated CDATA at ${lt}`);
      i = end + 3;
      continue;
    }
    const gt = xml.indexOf('>', lt);
    if (gt < 0) throw new Error(`unterminated tag at ${lt}`);
    const tag = xml.slice(lt + 1, gt);
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      if (open.pop() !== name) throw new Error(`</${name}> at ${lt} closes nothing open`);
    } else {
      const selfClosing = tag.endsWith('/');
      const [name, ...rest] = (selfClosing ? tag.slice(0, -1) : tag).trim().split(/\s+(?=[^\s=]+=)/);
      if (!/^[a-zA-Z][\w:-]*$/.test(name)) throw new Error(`bad tag name '${name}' at ${lt}`);
      for (const attr of rest) {
        if (!/^[\w:-]+="[^"<]*"$/.test(attr)) throw new Error(`bad attribute ${attr} in <${name}> at ${lt}`);
        checkText(attr);
      }
      if (!selfClosing) open.push(name);
    }
    i = gt + 1;
  }
  if (open.length > 0) throw new Error(`unclosed <${open.join('>, <')}>`);
}

function checkText(text: string): void {
  const bad = /&(?!(amp|lt|gt|quot|apos);)/.exec(text);
  if (bad) throw new Error(`raw '&' in '${text}'`);
}
