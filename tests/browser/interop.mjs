#!/usr/bin/env node
// An independent reading of kiosk/BUNDLE.md, with npm libsodium-wrappers-sumo
// instead of the C library candour links, so a format mistake shared by the
// writer and the reader in generator/bundle.c cannot hide.
//
//   CANDOUR_PASSPHRASE=... node interop.mjs --bundle FILE --kiosk-pub FILE
//       --office-key FILE [--office-pub FILE] [--ack FILE] [--expect-ids ID,ID]
//
// Checks, each printed as `ok - ...` or `not ok - ...: details`:
//   - the key files parse; the office secret key file opens with the
//     passphrase (Argon2id 1.3 + XSalsa20-Poly1305) and matches office.pub;
//   - the bundle's magic, version, header and kiosk id; its Ed25519
//     signature verifies with the kiosk's public key, and fails when one
//     byte is changed;
//   - the office key id in the header is the office key's id;
//   - every record opens with crypto_box_seal_open under the X25519 form of
//     the office key, unpads to JSON of a known form, and its submission id
//     and sequence number are the ones outside;
//   - the acknowledgement, when given, verifies with the office public key
//     and names the bundle's records.
// Then one line `interop: N passed, N failed`. Exit 0 all passed, 1 some
// failed, 2 could not run.

import fs from 'node:fs';
import { parseArgs } from 'node:util';
import sodiumModule from 'libsodium-wrappers-sumo';

let opts;
try {
  opts = parseArgs({
    options: {
      bundle: { type: 'string' },
      'kiosk-pub': { type: 'string' },
      'office-key': { type: 'string' },
      'office-pub': { type: 'string' },
      ack: { type: 'string' },
      'expect-ids': { type: 'string' },
    },
  });
} catch (e) {
  console.error(`interop: ${e.message}`);
  process.exit(2);
}
const o = opts.values;
if (!o.bundle || !o['kiosk-pub'] || !o['office-key']) {
  console.error('usage: node interop.mjs --bundle FILE --kiosk-pub FILE --office-key FILE [--office-pub FILE] [--ack FILE] [--expect-ids ID,...]');
  process.exit(2);
}
await sodiumModule.ready;
const sodium = sodiumModule;

let passed = 0;
let failed = 0;
function report(ok, name, details = '') {
  if (ok) passed++;
  else failed++;
  console.log(ok ? `ok - interop: ${name}` : `not ok - interop: ${name}: ${details}`);
}

const hex = (b) => Buffer.from(b).toString('hex');
const fromHex = (s) => Uint8Array.from(Buffer.from(s, 'hex'));

// The one line of a key file that is not a comment, split into fields.
function keyLine(file) {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  if (lines.length !== 1) throw new Error(`${file}: expected one key line, found ${lines.length}`);
  return lines[0].split(' ');
}

function publicKey(file, role) {
  const f = keyLine(file);
  if (f[0] !== 'candour-public-key' || f[1] !== '1' || f[2] !== role || f.length !== 4 || f[3].length !== 64)
    throw new Error(`${file}: not a version 1 ${role} public key: ${f.slice(0, 3).join(' ')}`);
  return fromHex(f[3]);
}

function secretKey(file, role) {
  const f = keyLine(file);
  if (f[0] !== 'candour-secret-key' || f[1] !== '1' || f[2] !== role)
    throw new Error(`${file}: not a version 1 ${role} secret key`);
  if (f[3] === 'plain' && f.length === 5) return fromHex(f[4]);
  if (f[3] !== 'argon2id13' || f.length !== 9) throw new Error(`${file}: unknown storage ${f[3]}`);
  const pass = process.env.CANDOUR_PASSPHRASE;
  if (!pass) throw new Error('CANDOUR_PASSPHRASE is not set');
  const [ops, mem, salt, nonce, box] = f.slice(4);
  const key = sodium.crypto_pwhash(32, pass, fromHex(salt), Number(ops), Number(mem), sodium.crypto_pwhash_ALG_ARGON2ID13);
  return sodium.crypto_secretbox_open_easy(fromHex(box), fromHex(nonce), key);
}

const keyId = (pk) => sodium.crypto_generichash(32, pk).slice(0, 8);

// Big-endian readers that refuse to read past the end.
function reader(buf) {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let at = 0;
  const need = (n) => {
    if (at + n > buf.length) throw new Error(`cut short at byte ${at} (wanted ${n} more)`);
  };
  return {
    get at() {
      return at;
    },
    bytes(n) {
      need(n);
      const b = buf.subarray(at, at + n);
      at += n;
      return b;
    },
    u32() {
      need(4);
      const v = dv.getUint32(at);
      at += 4;
      return v;
    },
    u64() {
      need(8);
      const v = dv.getBigUint64(at);
      at += 8;
      return v;
    },
  };
}

const ascii = (b) => Buffer.from(b).toString('latin1').replace(/\0+$/, '');
const uuid = (b) => {
  const h = hex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

let kioskPk, officeSk, officePk;
try {
  kioskPk = publicKey(o['kiosk-pub'], 'kiosk');
  officeSk = secretKey(o['office-key'], 'office');
  officePk = officeSk.slice(32);
  report(officeSk.length === 64, 'the office secret key file opens with the passphrase', `length ${officeSk.length}`);
  if (o['office-pub']) {
    const pub = publicKey(o['office-pub'], 'office');
    report(hex(pub) === hex(officePk), 'office.pub is the public half of office.key', `${hex(pub)} vs ${hex(officePk)}`);
  }
} catch (e) {
  report(false, 'the key files read', e.message);
  console.log(`interop: ${passed} passed, ${failed} failed`);
  process.exit(1);
}

const bundle = new Uint8Array(fs.readFileSync(o.bundle));
const sids = [];
try {
  const r = reader(bundle);
  const magic = ascii(r.bytes(8));
  const version = r.u32();
  report(magic === 'CNDRBNDL' && version === 1, 'magic CNDRBNDL, format version 1', `${magic} ${version}`);
  const kiosk = ascii(r.bytes(16));
  const bundleId = r.bytes(16);
  const officeKeyId = r.bytes(8);
  const created = r.u64();
  const first = r.u64();
  const last = r.u64();
  const count = r.u32();
  report(/^[A-Z][A-Z0-9]{0,14}$/.test(kiosk), `kiosk id ${kiosk} is well formed`, kiosk);
  const now = BigInt(Math.floor(Date.now() / 1000));
  report(created > now - 86400n && created <= now + 60n, 'created is a time of today', String(created));
  report(hex(officeKeyId) === hex(keyId(officePk)), 'the office key id in the header is the office key\'s id', `${hex(officeKeyId)} vs ${hex(keyId(officePk))}`);

  const body = bundle.subarray(0, bundle.length - 64);
  const sig = bundle.subarray(bundle.length - 64);
  report(sodium.crypto_sign_verify_detached(sig, body, kioskPk), 'the bundle signature verifies with the kiosk public key');
  const altered = Uint8Array.from(body);
  altered[Math.floor(altered.length / 2)] ^= 1;
  report(!sodium.crypto_sign_verify_detached(sig, altered, kioskPk), 'the signature fails when one byte is changed');

  const curvePk = sodium.crypto_sign_ed25519_pk_to_curve25519(officePk);
  const curveSk = sodium.crypto_sign_ed25519_sk_to_curve25519(officeSk);
  let prev = 0n;
  let opened = 0;
  const problems = [];
  const seqs = [];
  for (let i = 0; i < count; i++) {
    const seq = r.u64();
    const sid = uuid(r.bytes(16));
    const len = r.u32();
    const sealed = r.bytes(len);
    seqs.push(seq);
    if (seq <= prev || seq < first || seq > last) problems.push(`sequence ${seq} out of order or range`);
    prev = seq;
    let json;
    try {
      const padded = sodium.crypto_box_seal_open(sealed, curvePk, curveSk);
      json = JSON.parse(Buffer.from(sodium.unpad(padded, 1024)).toString('utf8'));
    } catch (e) {
      problems.push(`record ${seq} does not open: ${e.message}`);
      continue;
    }
    if (json.format !== 'candour-kiosk-record' || json.form_version !== 1) problems.push(`record ${seq}: format ${json.format} ${json.form_version}`);
    if (json.submission_id !== sid) problems.push(`record ${seq}: submission id ${json.submission_id} inside, ${sid} outside`);
    if (json.kiosk !== kiosk) problems.push(`record ${seq}: kiosk ${json.kiosk}`);
    if (!new RegExp(`^${kiosk}-0*${seq}$`).test(json.reference)) problems.push(`record ${seq}: reference ${json.reference}`);
    sids.push(sid);
    opened++;
  }
  report(r.at === body.length, 'the records end exactly where the signature begins', `records end at ${r.at}, signature at ${body.length}`);
  report(count > 0 && opened === count && problems.length === 0, `all ${count} records open with the office key and match their outside fields`, problems.slice(0, 5).join('; '));
  report(count === 0 || (seqs[0] === first && seqs[count - 1] === last), 'first and last sequence numbers are the records\'', `${first}-${last} vs ${seqs[0]}-${seqs[count - 1]}`);
  if (o['expect-ids']) {
    const want = o['expect-ids'].split(',').sort();
    report(JSON.stringify(want) === JSON.stringify([...sids].sort()), 'the bundle holds exactly the expected submissions', `${sids.join(',')}`);
  }

  if (o.ack) {
    const ack = new Uint8Array(fs.readFileSync(o.ack));
    const a = reader(ack);
    const amagic = ascii(a.bytes(8));
    const aversion = a.u32();
    const akiosk = ascii(a.bytes(16));
    const abundle = a.bytes(16);
    const akey = a.bytes(8);
    a.u64();
    const n = a.u32();
    const named = [];
    for (let i = 0; i < n; i++) {
      a.u64();
      named.push(uuid(a.bytes(16)));
    }
    report(amagic === 'CNDRACKN' && aversion === 1 && akiosk === kiosk && hex(abundle) === hex(bundleId) && hex(akey) === hex(keyId(officePk)), 'the acknowledgement names this kiosk, this bundle and the office key', `${amagic} ${aversion} ${akiosk}`);
    report(a.at === ack.length - 64 && sodium.crypto_sign_verify_detached(ack.subarray(ack.length - 64), ack.subarray(0, ack.length - 64), officePk), 'the acknowledgement signature verifies with the office public key');
    report(JSON.stringify([...named].sort()) === JSON.stringify([...sids].sort()), 'the acknowledgement names every record of the bundle', `${named.length} named, ${sids.length} in the bundle`);
  }
} catch (e) {
  report(false, 'the bundle reads', e.message);
}
console.log(`interop: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
