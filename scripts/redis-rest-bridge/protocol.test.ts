// Pure protocol rules; these run even when no Redis is reachable.
import { describe, it, expect } from 'vitest';
import { BadRequestError, commandFromPath, encodeReply, parseJsonBody, toCommand, toCommandList } from './protocol';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('encodeReply', () => {
  it('base64-encodes strings at every depth and keeps integers and nulls', () => {
    const reply = [Buffer.from('a'), 7, null, [Buffer.from('ü'), [Buffer.from('deep'), 0]]];
    expect(encodeReply(reply, true)).toEqual([b64('a'), 7, null, [b64('ü'), [b64('deep'), 0]]]);
  });

  it('leaves only a top-level OK unencoded, since the client would garble a nested one', () => {
    expect(encodeReply(Buffer.from('OK'), true)).toBe('OK');
    expect(encodeReply([Buffer.from('OK')], true)).toEqual([b64('OK')]);
  });

  it('returns UTF-8 strings without base64, and keeps binary bytes exact with it', () => {
    expect(encodeReply([Buffer.from('ünïcødé ✓')], false)).toEqual(['ünïcødé ✓']);
    const binary = Buffer.from([0xff, 0x00, 0xfe, 0x80]);
    expect(Buffer.from(encodeReply(binary, true) as string, 'base64').equals(binary)).toBe(true);
  });

  it('maps nil to null', () => {
    expect(encodeReply(null, true)).toBeNull();
    expect(encodeReply(undefined, false)).toBeNull();
  });
});

describe('commands', () => {
  it('upper-cases the name and stringifies numbers', () => {
    expect(toCommand(['set', 'k', 'v', 'ex', 10])).toEqual(['SET', 'k', 'v', 'ex', '10']);
  });

  it('rejects shapes that are not commands', () => {
    expect(() => toCommand([])).toThrow(BadRequestError);
    expect(() => toCommand({ cmd: 'GET' })).toThrow(BadRequestError);
    expect(() => toCommand(['GET', { a: 1 }])).toThrow(/argument 1/);
    expect(() => toCommandList([])).toThrow(BadRequestError);
    expect(() => toCommandList(['GET', 'k'])).toThrow(BadRequestError);
  });

  it('refuses commands that would change the shared connection', () => {
    for (const command of [['select', '1'], ['SUBSCRIBE', 'c'], ['multi'], ['client', 'reply', 'off']]) {
      expect(() => toCommand(command)).toThrow(/not supported by the REST bridge/);
    }
    expect(toCommand(['client', 'id'])).toEqual(['CLIENT', 'id']);
  });

  it('reads the URL form, appending a POST body as the last argument', () => {
    expect(commandFromPath('/set/a%2Fb/hello%20world')).toEqual(['SET', 'a/b', 'hello world']);
    expect(commandFromPath('/set/k', '{"x":1}')).toEqual(['SET', 'k', '{"x":1}']);
    expect(() => commandFromPath('/get/%E0%A4%A')).toThrow(/percent-encoding/);
  });

  it('explains malformed JSON', () => {
    expect(() => parseJsonBody('["GET",')).toThrow(/malformed JSON body/);
  });
});
