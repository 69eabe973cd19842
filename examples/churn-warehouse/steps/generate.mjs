// Synthetic subscription-churn data, generated deterministically: the same --seed and --customers
// give byte-identical files on every machine (a seeded mulberry32 PRNG, no Math.random, fixed
// number formatting). It writes two raw CSV files with a header row, as an operational system
// would export them, blemishes included (inconsistent region spelling, missing age bands and
// charges, duplicated usage rows), so the SQL has real cleaning to do:
//
//   customers.csv  customer_id, signup_date, plan, region, age_band, contract_type,
//                  payment_method, paperless_billing, monthly_charge, churn_date
//   usage.csv      customer_id, usage_month, data_gb, voice_minutes, support_tickets,
//                  late_payment, billed_amount
//
// Every customer is active on the snapshot date (2025-01-01); usage covers up to the 24 months
// before it, and churn_date is set when the customer leaves in the 90 days after it. Churn follows
// a latent logistic model: month-to-month contracts, support tickets, late payments, a recent price
// increase and an electronic-check payment raise it; tenure and longer contracts lower it; a hidden
// satisfaction score drives both churn and the signals a model can see (tickets, falling usage).
//
//   node generate.mjs [--customers 5000] [--seed 42] [--out DIR] [--upload s3://bucket/prefix/ | gs://…]
//
// The output folder is --out, else GODWIT_OUTPUT_RAW (Godwit's processing contract), else
// /opt/ml/processing/raw (SageMaker's). --upload also puts both files under an s3:// prefix, where
// the warehouse's COPY reads them, as an operational system would drop its exports: one signed
// PutObject each (Signature V4), to AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL when set (Godwit's own
// S3 server in a local run, which sets them and the credentials), else AWS's S3 endpoint with
// the standard credential variables. A gs:// prefix (the example migrated to Google Cloud) goes
// through Cloud Storage's JSON API (gcsPut). Plain Node with node: built-ins only.
import { createHash, createHmac } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const SNAPSHOT = { year: 2025, month: 1 };
const WINDOW_MONTHS = 24;
const PLANS = [
  { name: 'basic', share: 0.4, charge: 29, dataGb: 4 },
  { name: 'standard', share: 0.4, charge: 59, dataGb: 15 },
  { name: 'premium', share: 0.2, charge: 94, dataGb: 45 },
];
const REGIONS = ['north', 'south', 'east', 'west', 'central'];
const AGE_BANDS = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'];
const AGE_SHARES = [0.12, 0.24, 0.22, 0.18, 0.14, 0.1];
const PAYMENTS = ['electronic-check', 'credit-card', 'bank-transfer', 'mailed-check'];
const PAYMENT_SHARES = [0.3, 0.27, 0.25, 0.18];

function fail(message) {
  console.error(`generate: ${message}`);
  process.exit(1);
}

function option(argv, name, fallback) {
  const at = argv.indexOf(name);
  if (at === -1) return fallback;
  const value = argv[at + 1];
  if (value === undefined) fail(`${name} needs a value.`);
  return value;
}

function integerOption(argv, name, fallback, min) {
  const raw = option(argv, name, String(fallback));
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) fail(`${name} needs an integer of at least ${min}, got "${raw}".`);
  return value;
}

/** mulberry32: a 32-bit state, good enough for synthetic data and identical everywhere. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draw helpers over one random source. */
function sampler(random) {
  const normal = () => {
    const u = 1 - random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const poisson = (mean) => {
    const limit = Math.exp(-mean);
    let k = 0;
    for (let p = random(); p > limit; p *= random()) k++;
    return k;
  };
  const pick = (items, shares) => {
    let u = random();
    for (let i = 0; i < items.length - 1; i++) {
      u -= shares[i];
      if (u < 0) return items[i];
    }
    return items[items.length - 1];
  };
  return {
    random,
    normal,
    poisson,
    pick,
    chance: (p) => random() < p,
    between: (lo, hi) => lo + Math.floor(random() * (hi - lo + 1)),
  };
}

/** Month index 0 = January 2000; the snapshot is a month index too. */
const monthIndex = (year, month) => (year - 2000) * 12 + (month - 1);
const SNAPSHOT_INDEX = monthIndex(SNAPSHOT.year, SNAPSHOT.month);
const two = (n) => String(n).padStart(2, '0');
const monthDate = (index, day = 1) => `${2000 + Math.floor(index / 12)}-${two((index % 12) + 1)}-${two(day)}`;
const sigmoid = (z) => 1 / (1 + Math.exp(-z));

/** A region as an operator typed it: usually clean, sometimes capitalised, shouted or padded. */
function messyRegion(s, region) {
  const u = s.random();
  if (u < 0.06) return region[0].toUpperCase() + region.slice(1);
  if (u < 0.09) return region.toUpperCase();
  if (u < 0.11) return ` ${region} `;
  return region;
}

function contractFor(s, tenure) {
  const longer = Math.min(0.6, 0.2 + tenure / 120);
  const u = s.random();
  if (u < 1 - longer) return 'month-to-month';
  return u < 1 - longer / 2 ? 'one-year' : 'two-year';
}

/** The customer's fixed attributes and hidden state. */
function drawCustomer(s, id) {
  const signup = SNAPSHOT_INDEX - s.between(1, 72);
  const tenure = SNAPSHOT_INDEX - signup;
  const plan = s.pick(
    PLANS,
    PLANS.map((p) => p.share),
  );
  const payment = s.pick(PAYMENTS, PAYMENT_SHARES);
  const charge = plan.charge + s.between(0, 3) * 5 + Math.round(s.normal() * 300) / 100;
  const raise = s.chance(0.25) ? { at: SNAPSHOT_INDEX - s.between(1, 6), by: 1.08 + s.random() * 0.14 } : undefined;
  return {
    id,
    signup,
    signupDay: s.between(1, 28),
    tenure,
    plan,
    region: s.pick(REGIONS, [0.22, 0.24, 0.2, 0.2, 0.14]),
    ageBand: s.pick(AGE_BANDS, AGE_SHARES),
    contract: contractFor(s, tenure),
    payment,
    paperless: s.chance(payment === 'mailed-check' ? 0.2 : 0.65),
    charge,
    raise,
    satisfaction: s.normal(),
    usageTaste: Math.exp(0.35 * s.normal()),
  };
}

/** One month of usage: unhappy customers call support, pay late and use less as the snapshot nears. */
function drawMonth(s, c, month) {
  const recent = month >= SNAPSHOT_INDEX - 6;
  const unhappy = Math.max(0, -c.satisfaction);
  const fade = recent ? Math.exp(-0.12 * unhappy * (month - (SNAPSHOT_INDEX - 7))) : 1;
  const dataGb = c.plan.dataGb * c.usageTaste * fade * Math.exp(0.25 * s.normal());
  const minutes = 180 * c.usageTaste * fade * Math.exp(0.3 * s.normal());
  const ticketRate = 0.06 * Math.exp(0.7 * unhappy) * (recent ? 1.6 : 1);
  const lateRate = (c.payment === 'electronic-check' ? 0.06 : 0.025) * Math.exp(0.45 * unhappy);
  const billed = c.raise && month >= c.raise.at ? c.charge * c.raise.by : c.charge;
  return {
    dataGb,
    minutes,
    tickets: s.poisson(ticketRate),
    late: s.chance(Math.min(0.9, lateRate)) ? 1 : 0,
    billed,
  };
}

/** The latent churn model: the probability a customer leaves in the 90 days after the snapshot. */
function churnLogit(c, tickets6, late12) {
  const contract = { 'month-to-month': 1.4, 'one-year': 0, 'two-year': -1.1 }[c.contract];
  const age = c.ageBand === '18-24' ? 0.3 : c.ageBand === '65+' ? -0.2 : 0;
  return (
    -2.9 +
    contract -
    0.02 * c.tenure +
    0.45 * tickets6 +
    0.35 * late12 +
    (c.raise ? 1.0 : 0) +
    (c.payment === 'electronic-check' ? 0.35 : 0) +
    (c.paperless ? 0.2 : 0) +
    age -
    0.5 * c.satisfaction
  );
}

function customerRow(s, c, churned) {
  const churnDate = churned ? monthDate(SNAPSHOT_INDEX + s.between(0, 2), s.between(1, 28)) : '';
  const charge = s.chance(0.01) ? '' : c.charge.toFixed(2);
  const ageBand = s.chance(0.03) ? '' : c.ageBand;
  return [
    c.id,
    monthDate(c.signup, c.signupDay),
    c.plan.name,
    messyRegion(s, c.region),
    ageBand,
    c.contract,
    c.payment,
    c.paperless ? 't' : 'f',
    charge,
    churnDate,
  ].join(',');
}

function usageRow(c, month, u) {
  return [c.id, monthDate(month), u.dataGb.toFixed(2), Math.round(u.minutes), u.tickets, u.late, u.billed.toFixed(2)].join(',');
}

/** Buffered line writer: large sizes never sit whole in memory. */
function csvWriter(path, header) {
  const fd = openSync(path, 'w');
  let lines = [header];
  let count = 0;
  const flush = () => {
    if (lines.length > 0) writeSync(fd, `${lines.join('\n')}\n`);
    lines = [];
  };
  return {
    write(line) {
      lines.push(line);
      count++;
      if (lines.length >= 20000) flush();
    },
    close() {
      flush();
      closeSync(fd);
      return count;
    },
  };
}

function generate(customers, seed, outDir) {
  mkdirSync(outDir, { recursive: true });
  const s = sampler(seededRandom(seed));
  const customerCsv = csvWriter(
    join(outDir, 'customers.csv'),
    'customer_id,signup_date,plan,region,age_band,contract_type,payment_method,paperless_billing,monthly_charge,churn_date',
  );
  const usageCsv = csvWriter(
    join(outDir, 'usage.csv'),
    'customer_id,usage_month,data_gb,voice_minutes,support_tickets,late_payment,billed_amount',
  );
  let churners = 0;
  for (let id = 100001; id < 100001 + customers; id++) {
    const c = drawCustomer(s, id);
    let tickets6 = 0;
    let late12 = 0;
    for (let month = Math.max(c.signup + 1, SNAPSHOT_INDEX - WINDOW_MONTHS); month < SNAPSHOT_INDEX; month++) {
      const u = drawMonth(s, c, month);
      if (month >= SNAPSHOT_INDEX - 6) tickets6 += u.tickets;
      if (month >= SNAPSHOT_INDEX - 12) late12 += u.late;
      const line = usageRow(c, month, u);
      usageCsv.write(line);
      if (s.chance(0.005)) usageCsv.write(line); // an export retried: the same row twice
    }
    const churned = s.chance(sigmoid(churnLogit(c, tickets6, late12)));
    if (churned) churners++;
    customerCsv.write(customerRow(s, c, churned));
  }
  return { customers: customerCsv.close(), usage: usageCsv.close(), churners };
}

const sha256 = (data) => createHash('sha256').update(data).digest('hex');
const hmac = (key, data) => createHmac('sha256', key).update(data).digest();
const encodePath = (path) =>
  path
    .split('/')
    .map((p) => encodeURIComponent(p).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');

/** Where an S3 request goes: the configured endpoint (path-style), else AWS's regional endpoint. */
function s3Target(path) {
  const env = process.env;
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  const base = endpoint ? new URL(endpoint) : new URL(`https://s3.${region}.amazonaws.com`);
  return { url: new URL(`${base.pathname.replace(/\/$/, '')}/${encodePath(path)}`, base), region };
}

/** A PUT signed with AWS Signature Version 4 (the payload's SHA-256 signed too): PutObject, or CreateBucket for a bare bucket. */
async function s3PutRequest(path, body, what) {
  const { AWS_ACCESS_KEY_ID: keyId, AWS_SECRET_ACCESS_KEY: secret, AWS_SESSION_TOKEN: token } = process.env;
  if (!keyId || !secret)
    fail(`cannot ${what}: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (godwit run sets them for its own S3 server).`);
  const { url, region } = s3Target(path);
  const stamp = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
  const scope = `${stamp.slice(0, 8)}/${region}/s3/aws4_request`;
  const headers = { host: url.host, 'x-amz-content-sha256': sha256(body), 'x-amz-date': stamp };
  if (token) headers['x-amz-security-token'] = token;
  const names = Object.keys(headers).sort();
  const canonical = [
    'PUT',
    url.pathname,
    '',
    ...names.map((n) => `${n}:${headers[n]}`),
    '',
    names.join(';'),
    headers['x-amz-content-sha256'],
  ];
  const toSign = ['AWS4-HMAC-SHA256', stamp, scope, sha256(canonical.join('\n'))].join('\n');
  let key = `AWS4${secret}`;
  for (const part of [stamp.slice(0, 8), region, 's3', 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  const authorization = `AWS4-HMAC-SHA256 Credential=${keyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  const { host: _host, ...sent } = headers;
  const response = await fetch(url, { method: 'PUT', body, headers: { ...sent, authorization } }).catch((err) =>
    fail(`cannot reach ${url.origin} to ${what} (${err.cause?.code ?? err.message}).`),
  );
  return { status: response.status, text: await response.text(), origin: url.origin };
}

/** PutObject; a bucket that does not exist yet (a fresh local S3 server) is created first. */
async function s3Put(uri, body) {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match) fail(`cannot upload to ${uri}: expected s3://bucket/key.`);
  let r = await s3PutRequest(`${match[1]}/${match[2]}`, body, `upload ${uri}`);
  if (r.status === 404 && r.text.includes('NoSuchBucket')) {
    const made = await s3PutRequest(match[1], Buffer.alloc(0), `create the bucket ${match[1]}`);
    if (made.status >= 300 && !made.text.includes('BucketAlreadyOwnedByYou'))
      fail(`creating the bucket ${match[1]} at ${made.origin}: HTTP ${made.status} ${made.text.slice(0, 300)}`);
    r = await s3PutRequest(`${match[1]}/${match[2]}`, body, `upload ${uri}`);
  }
  if (r.status >= 300) fail(`uploading ${uri} to ${r.origin}: HTTP ${r.status} ${r.text.slice(0, 300)}`);
}

/**
 * A Cloud Storage object insert (the JSON API's multipart upload), to STORAGE_EMULATOR_HOST when
 * set (an emulator, or a stand-in), else storage.googleapis.com with the bearer token in
 * GOOGLE_OAUTH_ACCESS_TOKEN (`gcloud auth print-access-token`).
 */
async function gcsPut(uri, body) {
  const match = /^gs:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match) fail(`cannot upload to ${uri}: expected gs://bucket/name.`);
  const host = process.env.STORAGE_EMULATOR_HOST;
  const token = process.env.GOOGLE_OAUTH_ACCESS_TOKEN;
  if (!host && !token) fail(`cannot upload to ${uri}: set STORAGE_EMULATOR_HOST (a GCS emulator) or GOOGLE_OAUTH_ACCESS_TOKEN.`);
  const base = host ? (/^https?:\/\//.test(host) ? host : `http://${host}`) : 'https://storage.googleapis.com';
  const url = `${base.replace(/\/$/, '')}/upload/storage/v1/b/${encodeURIComponent(match[1])}/o?uploadType=multipart`;
  const boundary = `godwit-${sha256(body).slice(0, 16)}`;
  const meta = JSON.stringify({ name: match[2], contentType: 'text/csv' });
  const head = `--${boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n${meta}\r\n--${boundary}\r\nContent-Type: text/csv\r\n\r\n`;
  const payload = Buffer.concat([Buffer.from(head), body, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const headers = {
    'content-type': `multipart/related; boundary=${boundary}`,
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
  const response = await fetch(url, { method: 'POST', body: payload, headers }).catch((err) =>
    fail(`cannot reach ${base} to upload ${uri} (${err.cause?.code ?? err.message}).`),
  );
  if (!response.ok) fail(`uploading ${uri} to ${base}: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`);
}

async function upload(prefix, outDir) {
  if (!/^(s3|gs):\/\/[^/]+\/(.+\/)?$/.test(prefix))
    fail(`--upload needs an s3:// or gs:// prefix ending in "/", got "${prefix}".`);
  const put = prefix.startsWith('gs://') ? gcsPut : s3Put;
  for (const name of ['customers.csv', 'usage.csv']) await put(`${prefix}${name}`, readFileSync(join(outDir, name)));
  console.log(`generate: uploaded customers.csv and usage.csv to ${prefix}`);
}

const argv = process.argv.slice(2);
const customers = integerOption(argv, '--customers', 5000, 1);
const seed = integerOption(argv, '--seed', 42, 0);
const outDir = option(argv, '--out', process.env.GODWIT_OUTPUT_RAW ?? '/opt/ml/processing/raw');
const uploadTo = option(argv, '--upload', undefined);
const counts = generate(customers, seed, outDir);
const rate = ((100 * counts.churners) / counts.customers).toFixed(1);
console.log(
  `generate: ${counts.customers} customers (${rate}% churn in the 90 days after ${monthDate(SNAPSHOT_INDEX)}), ${counts.usage} usage rows, seed ${seed}, in ${outDir}`,
);
if (uploadTo !== undefined) await upload(uploadTo, outDir);
