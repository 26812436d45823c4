import { sniffAttachmentType } from './content-sniffing.js';

describe(sniffAttachmentType.name, () => {
  it.each([
    [[0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'image/jpeg'],
    [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0], 'image/png'],
    [[...Buffer.from('%PDF-1.7\n')], 'application/pdf'],
    [[...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WEBPVP8 ')], 'image/webp'],
  ])('recognises %j as %s', (bytes, type) =>
    expect(sniffAttachmentType(Uint8Array.from(bytes as number[]))).toBe(type),
  );

  it.each([
    [[...Buffer.from('MZ\x90\x00')]],
    [[...Buffer.from('<html>')]],
    [[...Buffer.from('RIFF\0\0\0\0WAVE')]],
    [[]],
    [[0xff, 0xd8]],
  ])('refuses %j', (bytes) => {
    expect(sniffAttachmentType(Uint8Array.from(bytes as number[]))).toBeNull();
  });
});
