import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { covers, parseEntry, registrationLine } from '../../src/emulation/binfmt.js';
import { fuzz, type Rng } from '../helpers/fuzz.js';
import { mutate, randomString } from './gen.js';

const KEYS = ['enabled', 'disabled', 'interpreter', 'flags:', 'offset', 'magic', 'mask'];
const INTERPRETERS = ['/usr/bin/qemu-aarch64-static', '/usr/libexec/qemu-binfmt/s390x'];
const FLAGS = ['', 'F', 'OCF', 'POCF', 'PF'];

const bytes = (rng: Rng, length: number) =>
  Buffer.from(Array.from({ length }, () => rng.int(256)));

type Fields = { interpreter: string; flags: string; offset: number; magic: Buffer };
type Written = { name: string; text: string; fields: Fields & { mask: Buffer } };

/** An entry file as the kernel writes it, its lines in the usual order or shuffled. */
function written(rng: Rng): Written {
  const magic = bytes(rng, rng.size(20));
  const mask = rng.chance(0.7) ? bytes(rng, magic.length) : Buffer.alloc(0);
  const fields = {
    interpreter: rng.pick(INTERPRETERS),
    flags: rng.pick(FLAGS),
    offset: rng.size(16),
    magic,
    mask,
  };
  const lines = [
    `interpreter ${fields.interpreter}`,
    `flags: ${fields.flags}`,
    `offset ${fields.offset}`,
    `magic ${magic.toString('hex')}`,
    ...(mask.length > 0 ? [`mask ${mask.toString('hex')}`] : []),
  ];
  if (rng.chance(0.3)) lines.sort(() => rng.next() - 0.5);
  return {
    name: rng.pick(['qemu-aarch64', 'x', '']),
    text: `enabled\n${lines.join('\n')}\n`,
    fields,
  };
}

/** The kernel's test: each header byte equals magic under mask, at the offset. */
function kernelMatches(magic: Buffer, mask: Buffer, offset: number, header: Buffer) {
  if (magic.length === 0 || offset + magic.length > header.length) return false;
  return [...magic].every(
    (byte, i) => (((header[offset + i] ?? 0) ^ byte) & (mask[i] ?? 0xff)) === 0,
  );
}

test('parseEntry never throws and reads back what the kernel writes', () => {
  fuzz(
    'parseEntry',
    30_000,
    (rng): string | Written => {
      const kind = rng.int(3);
      if (kind === 0) return randomString(rng, 200);
      if (kind === 1) return written(rng);
      return mutate(rng, written(rng).text, KEYS);
    },
    (input) => {
      const text = typeof input === 'string' ? input : input.text;
      const entry = parseEntry(typeof input === 'string' ? 'fuzz' : input.name, text);
      assert.ok(Number.isInteger(entry.offset), `offset ${entry.offset}`);
      if (typeof input === 'string') return;
      const { mask, ...fields } = input.fields;
      const expected = { name: input.name, enabled: true, ...fields };
      assert.equal(entry, mask.length > 0 ? { ...expected, mask } : expected);
    },
  );
});

test('covers agrees with the kernel on headers near the magic', () => {
  fuzz(
    'covers',
    30_000,
    (rng) => {
      const { fields } = written(rng);
      const header = bytes(rng, fields.offset + fields.magic.length + rng.int(16));
      fields.magic.copy(header, fields.offset);
      const flip = rng.int(header.length);
      if (flip < header.length && rng.chance(0.5))
        header.writeUInt8((header[flip] ?? 0) ^ (1 << rng.int(8)), flip);
      return {
        ...fields,
        header: rng.chance(0.2) ? header.subarray(0, rng.int(40)) : header,
      };
    },
    ({ magic, mask, offset, header }) => {
      const entry = {
        name: 'x',
        enabled: true,
        interpreter: '',
        flags: '',
        offset,
        magic,
      };
      const expected = kernelMatches(magic, mask, offset, header);
      assert.is(covers(mask.length > 0 ? { ...entry, mask } : entry, header), expected);
    },
  );
});

test('registrationLine has exactly seven colons when name and interpreter have none', () => {
  fuzz(
    'registrationLine',
    30_000,
    (rng) => ({
      name: randomString(rng, 16).replaceAll(':', ''),
      magic: bytes(rng, rng.size(24)),
      mask: bytes(rng, rng.size(24)),
      interpreter: mutate(rng, rng.pick(INTERPRETERS)).replaceAll(':', ''),
      flags: rng.pick(FLAGS),
      offset: rng.chance(0.3) ? undefined : rng.pick([0, 1, 17, 4096, -1, 1.5]),
    }),
    (spec) => {
      const line = registrationLine(spec);
      const fields = line.split(':');
      assert.is(fields.length, 8, 'seven separators');
      const [empty, name, type, , magic, mask, interpreter, flags] = fields;
      assert.equal(
        [empty, name, type, interpreter, flags],
        ['', spec.name, 'M', spec.interpreter, spec.flags],
      );
      for (const [text, raw] of [
        [magic, spec.magic],
        [mask, spec.mask],
      ] as const) {
        assert.match(text ?? '', /^(\\x[0-9a-f]{2})*$/);
        assert.equal(Buffer.from((text ?? '').replaceAll('\\x', ''), 'hex'), raw);
      }
      const newlines = (spec.name + spec.interpreter).split('\n').length - 1;
      assert.is(
        line.split('\n').length - 1,
        newlines,
        'only name and interpreter add lines',
      );
    },
  );
});

test.run();
