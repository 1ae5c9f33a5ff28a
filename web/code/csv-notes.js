// csv-notes.js: what the core's CSV reader chose for a file (Engine.useData's
// summary), in sentences: the separator, the label column and why, class names,
// 1-based labels, scikit-learn's header, an index column dropped, rows dropped.
// The page and the CLI say the same words. No DOM.

const ordinal = (column) => `column ${column + 1}`;
const quoted = (name) => (name ? ` ("${name}")` : '');

/** The reader's choices for a summary, each a sentence (none for a plain comma file with its label last). */
export function readingNotes(s) {
  const out = [];
  if (s.sklearnHeader) out.push("The first line is scikit-learn's header (rows, features and class names), not data.");
  if (s.separator === ';' || s.separator === '\t') {
    out.push(`Columns are split at ${s.separator === ';' ? 'semicolons' : 'tabs'}${s.decimalComma ? ', and a decimal comma is read as a point (1,5 as 1.5)' : ''}.`);
  }
  if (s.indexDropped) out.push('The first column counts the rows (an index, as pandas writes one), so it is left out.');
  const label = s.label ?? { from: 'last', column: null };
  if (label.from === 'named') out.push(`The label is ${ordinal(label.column)}, named "${label.name}".`);
  else if (label.from === 'words') out.push(`The label is ${ordinal(label.column)}${quoted(label.name)}, the one column of words.`);
  else if (label.from === 'given') out.push(`The label is ${ordinal(label.column)}${quoted(label.name)}, as you chose.`);
  else if (label.column !== null && label.name) out.push(`The label is the last column${quoted(label.name)}.`);
  if (s.names) {
    const shown = s.names.slice(0, 10).map((n, i) => `${i} = ${n}`).join(', ');
    out.push(`Classes by name${s.sklearnHeader ? '' : ', in sorted order'}: ${shown}${s.names.length > 10 ? `, and ${s.names.length - 10} more` : ''}.`);
  }
  if (s.labelBase === 1) out.push(`Labels 1 to ${s.classes} are read as classes 0 to ${s.classes - 1}.`);
  if (s.droppedRows > 0) out.push(`${s.droppedRows} row${s.droppedRows === 1 ? '' : 's'} with an empty or NA cell ${s.droppedRows === 1 ? 'was' : 'were'} dropped.`);
  return out;
}
