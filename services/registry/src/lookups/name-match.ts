/**
 * Tolerant matching of Indonesian personal names, for finding a person in the registry by name
 * when the officer only hears it spoken or reads it from a handwritten form.
 *
 * A name is first reduced to a key that folds the common spelling variants onto one spelling:
 * titles and degrees dropped (H., Hj., Dr., S.Pd.), the Muhammad family (Muhamad, Mohammad,
 * Moh., Muh., M.) onto one token, the pre-1972 spelling onto the current one (oe → u, dj → j,
 * tj → c, nj → ny, sj → sy, ch/kh → h, j/y), y/i at the end of a word (Sity/Siti), a final h
 * (Fatimah/Fatima), v/f, q/k, z/j, doubled letters, and spaces (Nur Aini/Nuraini). Two keys are
 * then compared by trigram similarity (as PostgreSQL's pg_trgm would), taking the better of the
 * names as written and with their words sorted (Aminah Siti/Siti Aminah).
 */

/** Titles, honorifics and degrees that are not part of a person's name (lower case, dots removed). */
const TITLES = new Set([
  'h',
  'hj',
  'haji',
  'hajjah',
  'hajah',
  'kh',
  'dr',
  'drs',
  'dra',
  'ir',
  'prof',
  'ust',
  'ustadz',
  'ustaz',
  'ustadzah',
  'tn',
  'ny',
  'nn',
  'sdr',
  'sdri',
  'bpk',
  'bapak',
  'ibu',
  'pak',
  'bu',
  'alm',
  'almh',
  'raden',
  'rd',
  'r',
  'spd',
  'sag',
  'sh',
  'se',
  'st',
  'skom',
  'sip',
  'sos',
  'ssos',
  'amd',
  'amk',
  'skm',
  'skep',
  'ssi',
  'mm',
  'mpd',
  'msi',
  'mh',
  'ma',
]);
/** Written forms of Muhammad, folded onto one token. */
const MUHAMMAD = new Set([
  'muhammad',
  'muhamad',
  'muhammat',
  'muhamat',
  'mohammad',
  'mohamad',
  'mohammed',
  'mohamed',
  'mochammad',
  'mochamad',
  'muchammad',
  'muchamad',
  'mohamat',
  'moh',
  'mohd',
  'muh',
  'muhd',
  'mhd',
  'moch',
  'much',
  'mukhammad',
  'md',
]);

/** Folds one word onto its current spelling (already lower case, letters only). */
function foldWord(word: string): string {
  if (MUHAMMAD.has(word)) return 'muhamad';
  let w = word
    .replace(/oe/g, 'u')
    .replace(/dj/g, 'j')
    .replace(/tj/g, 'c')
    .replace(/nj/g, 'ny')
    .replace(/sj/g, 'sy')
    .replace(/[ck]h/g, 'h')
    .replace(/ph/g, 'f')
    .replace(/v/g, 'f')
    .replace(/q/g, 'k')
    .replace(/x/g, 'ks')
    // Before 1972 j was written for today's y (Jusuf/Yusuf) and dj for today's j (Djoko/Joko):
    // j, y and z fold onto one letter so that both spellings meet.
    .replace(/[jz]/g, 'y');
  // y as a vowel (Sity, Yuly, Hendry): at the end of a word or before a consonant.
  w = w.replace(/y(?=[^aeiou]|$)/g, 'i');
  w = w.replace(/(.)\1+/g, '$1');
  // A final h is rarely heard: Fatimah/Fatima, Aminah/Amina.
  if (w.length > 3) w = w.replace(/h$/, '');
  return w;
}

/**
 * The words of a name's key: degrees after a comma dropped, letters only, titles dropped, each
 * word folded. A lone `m` in first place is the common abbreviation of Muhammad.
 */
export function nameWords(name: string): string[] {
  const beforeComma = name.split(',')[0] ?? '';
  const words = beforeComma
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\.(?=[a-z])/g, '. ')
    .split(/[\s.'`’-]+/)
    .map((w) => w.replace(/[^a-z]/g, ''))
    .filter((w) => w !== '');
  const kept = words.filter(
    (w, i) => !(TITLES.has(w) && words.length > 1) && !(i > 0 && (w === 'bin' || w === 'binti')),
  );
  return kept
    .map((w, i) => (i === 0 && w === 'm' && kept.length > 1 ? 'muhamad' : foldWord(w)))
    .filter((w) => w !== '');
}

/** The folded key of a name (words joined without spaces: Nur Aini = Nuraini). */
export function nameKey(name: string): string {
  return nameWords(name).join('');
}

function trigrams(key: string): Set<string> {
  const padded = `  ${key} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  return out;
}

function similarity(a: string, b: string): number {
  if (a === b) return a === '' ? 0 : 1;
  const ta = trigrams(a);
  const tb = trigrams(b);
  let shared = 0;
  for (const t of ta) if (tb.has(t)) shared++;
  return shared / (ta.size + tb.size - shared);
}

/** A prepared query name: compare many candidates against it cheaply. */
export interface NameQuery {
  key: string;
  sortedKey: string;
}

export function prepareName(name: string): NameQuery {
  const words = nameWords(name);
  return { key: words.join(''), sortedKey: [...words].sort().join('') };
}

/** How alike two names are, 0–1 (1: the same after folding spelling variants). */
export function nameSimilarity(query: NameQuery, candidate: string): number {
  const words = nameWords(candidate);
  const key = words.join('');
  if (key === query.key) return key === '' ? 0 : 1;
  return Math.max(similarity(query.key, key), similarity(query.sortedKey, [...words].sort().join('')));
}
