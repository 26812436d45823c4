import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: its default export arrives as the module object under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

/** The published AsyncAPI document of the owner channel (what ministries integrate from). */
export const OWNER_CHANNEL_ASYNCAPI = new URL('../../contracts/asyncapi/owner-channel.asyncapi.json', import.meta.url);

type Doc = { channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }> };

/**
 * Validates messages of the owner channel against the **published** AsyncAPI document (its JSON
 * file, not the generator) with a JSON Schema validator (ajv, formats included): the message of
 * the channel whose address matches the concrete subject, its payload (envelope + data) and its
 * headers. Returns the problems, empty when the message conforms.
 */
export function ownerChannelValidator(path: URL | string = OWNER_CHANNEL_ASYNCAPI) {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as Doc;
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema({ ...doc, $id: 'asyncapi' });
  const channelOf = (subject: string) => {
    for (const [name, c] of Object.entries(doc.channels)) {
      const pattern = new RegExp(
        `^${c.address.replace(/\./g, '\\.').replace('{ownerCode}', '[a-z][a-z0-9]*(?:-[a-z0-9]+)*')}$`,
      );
      if (pattern.test(subject)) return name;
    }
    return null;
  };
  const text = (errors: ErrorObject[] | null | undefined) =>
    (errors ?? []).map(
      (e) =>
        `${e.instancePath || '/'} ${e.message ?? ''}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`,
    );
  return {
    /** The channel (message) name of a concrete subject, or null. */
    channelOf,
    /** Problems of `body` (parsed JSON) as the payload of the message published on `subject`. */
    payload(subject: string, body: unknown): string[] {
      const name = channelOf(subject);
      if (!name) return [`no channel of the AsyncAPI document matches ${subject}`];
      const validate = ajv.getSchema(`asyncapi#/components/messages/${name}/payload`);
      if (!validate) return [`no payload schema for ${name}`];
      return validate(body) ? [] : text(validate.errors);
    },
    /** Problems of the NATS headers of a message on `subject`. */
    headers(subject: string, headers: Record<string, string>): string[] {
      const name = channelOf(subject);
      if (!name) return [`no channel of the AsyncAPI document matches ${subject}`];
      const validate = ajv.getSchema(`asyncapi#/components/messages/${name}/headers`);
      if (!validate) return [`no headers schema for ${name}`];
      return validate(headers) ? [] : text(validate.errors);
    },
  };
}
