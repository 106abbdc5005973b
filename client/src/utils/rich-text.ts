/**
 * An explainer's html (sanitised on the server: h2 h3 h4 p ul ol li strong em b i br blockquote img, no attributes but
 * img's src and alt) with a class on each element, so the page's styles reach it: the mini-program's <rich-text> applies
 * the page's classes to its nodes but no descendant selectors. Sizes are in em of the reading text's size.
 */
const CLASS_OF: Record<string, string> = {
  h2: 'rt-h2',
  h3: 'rt-h3',
  h4: 'rt-h4',
  p: 'rt-p',
  ul: 'rt-list',
  ol: 'rt-list',
  li: 'rt-li',
  blockquote: 'rt-quote',
  img: 'rt-img',
  strong: 'rt-strong',
  b: 'rt-strong',
}

export function styledHtml(html: string): string {
  return html.replace(/<(h2|h3|h4|p|ul|ol|li|blockquote|img|strong|b)(?=[\s>/])/gi, (_tag, name: string) =>
    `<${name} class="${CLASS_OF[name.toLowerCase()]}"`)
}
