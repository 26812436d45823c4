import { PUBLIC_PROGRAMMES_PATH, type PublicProgrammeV1 } from '@slrt/contracts';
import { SECTORS, SECTOR_LABELS, type Sector } from '@slrt/domain';
import { esc, page } from './public-pages.html.js';

const TITLE = 'Informasi program bantuan';

function searchForm(q: string, sector: Sector | '', error: string | null): string {
  const options = [
    `<option value=""${sector ? '' : ' selected'}>Semua sektor</option>`,
    ...SECTORS.map((s) => `<option value="${s}"${s === sector ? ' selected' : ''}>${esc(SECTOR_LABELS[s])}</option>`),
  ].join('');
  return `<form method="get" action="${PUBLIC_PROGRAMMES_PATH}" role="search">
<label for="q">Cari program</label>
<span class="hint" id="q-hint">Nama program atau kata kunci, contoh: sekolah, beras, BPJS</span>
${error ? `<p class="error" id="q-error">${esc(error)}</p>` : ''}<input id="q" name="q" type="search" value="${esc(q)}" maxlength="100" aria-describedby="q-hint${error ? ' q-error' : ''}"${error ? ' aria-invalid="true"' : ''}>
<label for="sektor">Sektor</label>
<select id="sektor" name="sektor">${options}</select>
<button type="submit">Cari</button>
</form>`;
}

function programme(p: PublicProgrammeV1): string {
  const section = (label: string, text: string) => (text ? `<dt>${esc(label)}</dt><dd>${esc(text)}</dd>` : '');
  const docs = p.documentsNeeded.length
    ? `<dt>Dokumen yang perlu dibawa</dt><dd><ul>${p.documentsNeeded.map((d) => `<li>${esc(d)}</li>`).join('')}</ul></dd>`
    : '';
  return `<article class="prog" aria-labelledby="p-${esc(p.code)}">
<h2 id="p-${esc(p.code)}">${esc(p.name)}</h2>
<p class="tags">Sektor ${esc(SECTOR_LABELS[p.sector] ?? p.sector)} · ${p.scope === 'nasional' ? 'Program nasional' : 'Program daerah'}</p>
<dl>
${section('Manfaat', p.description)}
${section('Siapa yang dapat menerima', p.eligibility)}
${docs}
${section('Cara mendaftar', p.howToApply)}
</dl>
</article>`;
}

/** The public programme page: search form, then the published programmes matching it. */
export function programmesPage(
  items: PublicProgrammeV1[],
  q: string,
  sector: Sector | '',
  error: string | null = null,
): string {
  const filtered = Boolean(q || sector);
  const count = error
    ? '<p class="error" role="alert">Periksa kembali isian pencarian Anda.</p>'
    : items.length
      ? `<p role="status">${filtered ? `Ditemukan ${items.length} program.` : `${items.length} program.`}</p>`
      : `<p role="status">${filtered ? 'Tidak ada program yang cocok dengan pencarian Anda. Coba kata lain atau pilih semua sektor.' : 'Belum ada informasi program.'}</p>`;
  return page(
    TITLE,
    `<p>Program perlindungan sosial nasional dan daerah: manfaat, siapa yang dapat menerima, dokumen, dan cara mendaftar. Petugas SLRT/Puskesos dapat membantu Anda tanpa biaya.</p>
${searchForm(q, sector, error)}
${count}
${items.map(programme).join('\n')}
<p class="note">Informasi dapat berubah. Tanyakan kepada petugas SLRT/Puskesos atau kantor desa/kelurahan bila ragu.</p>`,
  );
}
