/** The programme owners' names as citizens read them in messages (codes not listed are shown as they are). */
export const OWNER_LABELS: Record<string, string> = {
  'kemensos-pkh': 'Kementerian Sosial (PKH)',
  'kemensos-sembako': 'Kementerian Sosial (Sembako)',
  'kemensos-pusdatin': 'Pusdatin Kementerian Sosial',
  kemendikbud: 'Kemendikdasmen (PIP)',
  kemenag: 'Kementerian Agama',
  'bpjs-kesehatan': 'BPJS Kesehatan',
  dinkes: 'Dinas Kesehatan',
  disdukcapil: 'Dinas Dukcapil',
  dinsos: 'Dinas Sosial',
  baznas: 'BAZNAS',
};
