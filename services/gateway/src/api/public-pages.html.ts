import { createHash } from 'node:crypto';
import {
  PUBLIC_PROGRAMMES_PATH,
  PUBLIC_STATUS_PATH,
  PUBLIC_VERIFY_PATH,
  type PublicStatusV1,
  type VerifyDocumentResponseV1,
} from '@slrt/contracts';

/**
 * Server-rendered pages for citizens (public complaint status, document verification): plain HTML
 * that works without JavaScript, on a small phone, in Bahasa Indonesia. One inline style sheet,
 * allowed by its hash in a strict Content-Security-Policy (no scripts, no external assets, forms
 * only to this origin). Every value is escaped.
 */

const STYLE = `
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;font-size:100%;line-height:1.5;color:#1a1a1a;background:#fff}
body{margin:0}
a{color:#0b4f9c}
a:focus,button:focus,input:focus{outline:3px solid #f5a623;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px}
header{background:#12355b;color:#fff;padding:12px 16px}
header p{margin:0;font-weight:700}
main{max-width:42rem;margin:0 auto;padding:16px}
h1{font-size:1.5rem;margin:8px 0 16px}
h2{font-size:1.2rem;margin:24px 0 8px}
.stage{border:2px solid #12355b;border-radius:8px;padding:12px 16px;background:#f2f6fb}
.stage p{margin:4px 0}
.stage .label{font-size:1.2rem;font-weight:700}
.ok{border-color:#1e6b34;background:#eef8f0}
.bad{border-color:#a4161a;background:#fdf0f0}
ol.timeline{list-style:none;padding:0;margin:0;border-left:3px solid #12355b}
ol.timeline li{padding:0 0 16px 16px;position:relative}
ol.timeline li::before{content:"";position:absolute;left:-9px;top:6px;width:15px;height:15px;border-radius:50%;background:#12355b}
ol.timeline .when{display:block;color:#333;font-size:.95rem}
ol.timeline .what{font-weight:700}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{text-align:left;vertical-align:top;padding:6px 4px;border-bottom:1px solid #8a8a8a}
caption{text-align:left;color:#333;padding-bottom:4px}
form{margin:16px 0;padding:16px;border:1px solid #8a8a8a;border-radius:8px}
label{display:block;font-weight:700;margin-top:12px}
.hint{display:block;color:#333;font-size:.95rem}
input{display:block;width:100%;max-width:20rem;font-size:1.1rem;padding:8px;margin-top:4px;border:2px solid #555;border-radius:4px}
input[aria-invalid=true]{border-color:#a4161a}
.error{color:#a4161a;font-weight:700;margin:4px 0}
button{margin-top:16px;font-size:1.1rem;padding:10px 20px;background:#12355b;color:#fff;border:0;border-radius:4px;cursor:pointer}
.note{color:#333;font-size:.95rem}
footer{max-width:42rem;margin:24px auto;padding:0 16px 24px;color:#333;font-size:.9rem}
dl{margin:0}dt{font-weight:700;margin-top:8px}dd{margin:0}
select{display:block;width:100%;max-width:20rem;font-size:1.1rem;padding:8px;margin-top:4px;border:2px solid #555;border-radius:4px;background:#fff}
article.prog{border:1px solid #8a8a8a;border-radius:8px;padding:12px 16px;margin:16px 0}
article.prog h2{margin:0 0 4px}
.tags{margin:0;color:#333;font-size:.95rem}
`;

/** `Content-Security-Policy` of the citizen pages: nothing but this page's own style sheet and forms to this origin. */
export const PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; img-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;

export function esc(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

const ZONE_ABBREVIATIONS: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

/** `24 November 2026 pukul 10.00 WIB` in the deployment's time zone. */
export function formatWaktu(iso: string, timeZone: string): string {
  const text = new Intl.DateTimeFormat('id-ID', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(new Date(iso));
  return `${text} ${ZONE_ABBREVIATIONS[timeZone] ?? ''}`.trim();
}

/** `24 November 2026`. */
export function formatTanggal(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(
    new Date(iso),
  );
}

/** A citizen page: header, main with its title, footer; the one style sheet. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${esc(title)} – SLRT</title>
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#isi">Langsung ke isi</a>
<header><p>SLRT · Sistem Layanan Rujukan Terpadu</p></header>
<main id="isi">
<h1>${esc(title)}</h1>
${body}
</main>
<footer><p>Layanan ini tidak dipungut biaya. Halaman ini tidak menampilkan data pribadi. Jangan bagikan kode pelacakan Anda kepada orang lain.</p></footer>
</body>
</html>
`;
}

/** Field errors keyed by the form field's name. */
export type FormErrors = Partial<Record<'nomor' | 'kode', string>>;

function field(
  name: 'nomor' | 'kode',
  label: string,
  hint: string,
  value: string,
  errors: FormErrors,
  extra: string,
): string {
  const error = errors[name];
  const described = `${name}-hint${error ? ` ${name}-error` : ''}`;
  return `<label for="${name}">${esc(label)}</label>
<span class="hint" id="${name}-hint">${esc(hint)}</span>
${error ? `<p class="error" id="${name}-error">${esc(error)}</p>` : ''}<input id="${name}" name="${name}" type="text" value="${esc(value)}" aria-describedby="${described}"${error ? ' aria-invalid="true"' : ''} ${extra}>`;
}

function statusForm(nomor: string, errors: FormErrors, heading: string): string {
  return `<form method="get" action="/status" novalidate>
<h2>${esc(heading)}</h2>
${field('nomor', 'Nomor pengaduan', 'Tertulis pada resi, contoh: 6271-2611-000123, atau nomor sementara dari Fasilitator, contoh: L-K7PQ-3', nomor, errors, 'autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="20" required')}
${field('kode', 'Kode pelacakan', 'Tertulis pada resi, contoh: K7PQ-4QX2', '', errors, 'autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="12" required')}
<button type="submit">Lihat status</button>
</form>`;
}

/** The form alone (opened without receipt number and tracking code), or again with field errors. */
export function statusFormPage(nomor = '', errors: FormErrors = {}): string {
  const summary = Object.keys(errors).length
    ? `<p class="error" role="alert">Periksa kembali isian Anda.</p>`
    : '<p>Masukkan nomor pengaduan dan kode pelacakan yang tertulis pada resi Anda.</p>';
  return page('Status pengaduan', `${summary}\n${statusForm(nomor, errors, 'Cek status pengaduan')}`);
}

/** A wrong tracking code and an unknown receipt number get this same page (nothing to enumerate). */
export function statusNotFoundPage(provisional = false): string {
  // Said for every provisional number not found (known or not): nothing to enumerate.
  const hint = provisional
    ? '<p>Nomor sementara (L-…) dari Fasilitator baru dapat dicek setelah petugas menyinkronkan datanya ke kantor SLRT. Coba lagi nanti.</p>'
    : '';
  return page(
    'Status pengaduan',
    `<div class="stage bad" role="alert"><p class="label">Pengaduan tidak ditemukan</p><p>Nomor pengaduan atau kode pelacakan tidak cocok. Periksa kembali resi Anda.</p>${hint}</div>\n${statusForm('', {}, 'Coba lagi')}`,
  );
}

/** Whether a matched route is one of the citizen pages (their errors are pages too, not problem+json). */
export function isCitizenPage(route: string | undefined): boolean {
  return (
    Boolean(route) &&
    [PUBLIC_STATUS_PATH, PUBLIC_VERIFY_PATH, PUBLIC_PROGRAMMES_PATH].some(
      (p) => route === p || route!.startsWith(`${p}/`),
    )
  );
}

/** Any error on a citizen page (too many requests, …) as a page with the problem's Indonesian text. */
export function errorPage(title: string, detail: string): string {
  return page(
    title,
    `<div class="stage bad" role="alert"><p class="label">${esc(title)}</p><p>${esc(detail)}</p></div>`,
  );
}

export function unavailablePage(title: string): string {
  return page(
    title,
    `<div class="stage bad" role="alert"><p class="label">Layanan sedang tidak tersedia</p><p>Silakan coba lagi beberapa saat lagi.</p></div>`,
  );
}

export function statusPage(s: PublicStatusV1, timeZone: string): string {
  const final = ['selesai'].includes(s.stage)
    ? ' ok'
    : ['ditolak', 'ditarik', 'ditutup'].includes(s.stage)
      ? ' bad'
      : '';
  const timeline = s.timeline
    .map(
      (e) =>
        `<li><span class="when"><time datetime="${esc(e.at)}">${esc(formatWaktu(e.at, timeZone))}</time></span><span class="what">${esc(e.label)}</span><br>${esc(e.explanation)}</li>`,
    )
    .join('\n');
  const log = s.accessLog.length
    ? `<table>
<caption>Terbaru di atas. Nama petugas tidak ditampilkan, hanya peran dan instansinya.</caption>
<thead><tr><th scope="col">Waktu</th><th scope="col">Siapa</th><th scope="col">Kegiatan</th></tr></thead>
<tbody>
${s.accessLog.map((a) => `<tr><td><time datetime="${esc(a.at)}">${esc(formatWaktu(a.at, timeZone))}</time></td><td>${esc(a.who)}</td><td>${a.what === 'menerima' ? 'Menerima data' : 'Membuka data'}: ${esc(a.purpose)}${a.count > 1 ? ` (${a.count} kali hari itu)` : ''}</td></tr>`).join('\n')}
</tbody>
</table>`
    : '<p>Belum ada yang membuka data Anda selain pencatatan pengaduan.</p>';
  const incomplete = s.accessLogComplete
    ? ''
    : '<p class="note">Catatan dari pemilik program belum dapat ditampilkan saat ini. Silakan buka halaman ini lagi nanti.</p>';
  return page(
    'Status pengaduan',
    `${s.provisionalNumber ? `<p>Nomor sementara <strong>${esc(s.provisionalNumber)}</strong> → nomor resmi <strong>${esc(s.receiptNumber)}</strong>. Gunakan nomor resmi bila menghubungi petugas.</p>\n` : ''}<p>Nomor pengaduan <strong>${esc(s.receiptNumber)}</strong>, diterima ${esc(formatTanggal(s.registeredAt, timeZone))}.</p>
<div class="stage${final}"><p>Status saat ini:</p><p class="label">${esc(s.stageLabel)}</p><p>${esc(s.explanation)}</p><p class="note">Diperbarui ${esc(formatWaktu(s.updatedAt, timeZone))}</p></div>
<h2>Perjalanan pengaduan</h2>
<ol class="timeline">
${timeline}
</ol>
<h2>Siapa yang membuka atau menerima data Anda</h2>
${log}
${incomplete}
<p class="note">Ada pertanyaan? Hubungi petugas SLRT/Puskesos dengan menyebutkan nomor pengaduan Anda.</p>`,
  );
}

const DOCUMENT_TYPES: Record<string, string> = {
  'dtks-statement': 'Surat Keterangan Terdaftar dalam DTKS/DTSEN',
  'musdes-minutes': 'Berita Acara Musyawarah Desa/Kelurahan (usulan prelist)',
};

function verifyForm(errors: string | null): string {
  return `<form method="get" action="/verifikasi" novalidate>
<h2>Periksa dokumen lain</h2>
<label for="kode">Kode verifikasi</label>
<span class="hint" id="kode-hint">Tertulis di bawah kode QR pada dokumen, contoh: Q7RK-M2XW-9PDT</span>
${errors ? `<p class="error" id="kode-error">${esc(errors)}</p>` : ''}<input id="kode" name="kode" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="40" required aria-describedby="kode-hint${errors ? ' kode-error' : ''}"${errors ? ' aria-invalid="true"' : ''}>
<button type="submit">Periksa</button>
</form>`;
}

export function verifyFormPage(error: string | null = null): string {
  return page(
    'Periksa keaslian dokumen',
    `${error ? '<p class="error" role="alert">Periksa kembali isian Anda.</p>' : '<p>Masukkan kode verifikasi yang tertulis pada dokumen, atau pindai kode QR-nya.</p>'}\n${verifyForm(error)}`,
  );
}

export function verifyResultPage(v: VerifyDocumentResponseV1, timeZone: string): string {
  if (!v.valid) {
    return page(
      'Periksa keaslian dokumen',
      `<div class="stage bad" role="alert"><p class="label">Dokumen tidak dikenal</p><p>Kode ini tidak cocok dengan dokumen mana pun yang diterbitkan. Dokumen dengan kode ini mungkin tidak asli; tanyakan kepada kantor yang tertera pada dokumen.</p></div>\n${verifyForm(null)}`,
    );
  }
  const rows: Array<[string, string | null]> = [
    ['Jenis dokumen', v.documentType ? (DOCUMENT_TYPES[v.documentType] ?? v.documentType) : null],
    ['Nomor', v.number],
    ['Tanggal terbit', v.issuedAt ? formatTanggal(v.issuedAt, timeZone) : null],
    ['Periode data', v.dataPeriod],
    ['Desa/kelurahan', v.desaName],
  ];
  return page(
    'Periksa keaslian dokumen',
    `<div class="stage ok" role="status"><p class="label">Dokumen asli</p><p>Dokumen ini diterbitkan melalui SLRT. Cocokkan keterangan di bawah dengan dokumen yang Anda pegang.</p></div>
<dl>
${rows
  .filter(([, v]) => v)
  .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v!)}</dd>`)
  .join('\n')}
</dl>
${verifyForm(null)}`,
  );
}
