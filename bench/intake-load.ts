import http from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * The load side of bench/intake.ts, run in a child process of its own so that the client's CPU is not
 * the API's: keep-alive HTTP/1.1 (node:http, one socket per worker) at a fixed concurrency, each worker
 * sending its next request when the previous answer has been read (closed loop). Also exports the
 * synthetic intake bodies, which the bare-pg baseline writes too.
 */

export interface IntakeBody {
  channel: string;
  survivor: {
    fullName: string;
    phones: string[];
    sex: string;
    birthYear: number;
    communeCode: string;
    addressDetail: string;
    maritalStatus: string;
    nationalId?: string;
    safeContact: { canCall: boolean; canText: boolean; safeTimes: string };
  };
  reporter?: { relationship: string; fullName: string; phone: string };
  incident: {
    occurredOn: string;
    communeCode: string;
    placeType: string;
    violenceTypes: string[];
    dvActs: string[];
    perpetrator: { relationship: string; sex: string; ageGroup: string; count: number };
    repeated: boolean;
    childrenPresent: boolean;
  };
  risk: { answers: Record<string, boolean | number> };
  consents: { purpose: string; sharedFields: string[]; method: string; givenBy: string }[];
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Phan', 'Vũ', 'Đặng', 'Bùi', 'Đỗ'];
const GIVEN = ['Lan', 'Hoa', 'Hương', 'Mai', 'Linh', 'Trang', 'Thảo', 'Nga', 'Huyền', 'Hạnh'];
const MIDDLE = ['Thị', 'Thu', 'Ngọc', 'Thanh', 'Hồng'];
const VIOLENCE = [
  'psychological_abuse',
  'physical_assault',
  'physical_assault',
  'psychological_abuse',
  'denial_of_resources',
  'sexual_assault',
];
const PERPETRATORS = ['spouse', 'spouse', 'spouse', 'former_spouse', 'intimate_partner', 'in_law', 'parent'];
const RISK_ITEMS = [
  'threats_to_kill',
  'weapon_access',
  'strangulation',
  'escalating_violence',
  'serious_injury',
  'pregnancy',
  'recent_separation',
  'child_at_risk',
  'sexual_violence',
  'suicide_threats',
  'perpetrator_substance_abuse',
  'stalking',
];

/**
 * The n-th intake of a run: a different phone for every n (and seed), a name and birth year from small
 * lists (so that name-and-birth-year duplicates occur, as they do), one in ten with a national ID, one in
 * four with a reporter, about one in twelve high risk.
 */
export function intakeBody(n: number, seed: number, communes: readonly string[]): IntakeBody {
  const at = <T>(list: readonly T[], k: number): T => list[k % list.length] as T;
  const h = (n * 2654435761 + seed * 40503) >>> 0;
  const birthYear = 1970 + (h % 36);
  const phone = `09${String((seed * 7_000_000 + n) % 100_000_000).padStart(8, '0')}`;
  const commune = at(communes, h >>> 3);
  const high = h % 12 === 0;
  const answers: Record<string, boolean | number> = {};
  RISK_ITEMS.forEach((key, k) => {
    answers[key] = high ? k < 4 : (h >>> k) % 5 === 0 && k > 3;
  });
  answers.fear_level = high ? 3 : h % 3;
  return {
    channel: 'hotline',
    survivor: {
      fullName: `${at(FAMILY, h)} ${at(MIDDLE, h >>> 4)} ${at(GIVEN, h >>> 8)}`,
      phones: [phone],
      sex: 'female',
      birthYear,
      communeCode: commune,
      addressDetail: `Số ${1 + (h % 180)}, ngõ ${1 + ((h >>> 5) % 90)}`,
      maritalStatus: 'married',
      ...(h % 10 === 0
        ? {
            nationalId: `0013${String(birthYear % 100).padStart(2, '0')}${String(h % 1_000_000).padStart(6, '0')}`,
          }
        : {}),
      safeContact: { canCall: h % 2 === 0, canText: true, safeTimes: 'Sau 20 giờ' },
    },
    ...(h % 4 === 0
      ? {
          reporter: {
            relationship: 'neighbour',
            fullName: `${at(FAMILY, h >>> 6)} Văn Nam`,
            phone: `08${String(h % 100_000_000).padStart(8, '0')}`,
          },
        }
      : {}),
    incident: {
      occurredOn: '2026-11',
      communeCode: commune,
      placeType: 'home',
      violenceTypes: [at(VIOLENCE, h >>> 2)],
      dvActs: ['abuse_beating_threats'],
      perpetrator: { relationship: at(PERPETRATORS, h >>> 7), sex: 'male', ageGroup: 'age_26_40', count: 1 },
      repeated: h % 3 !== 0,
      childrenPresent: h % 5 === 0,
    },
    risk: { answers },
    consents: [{ purpose: 'case_management', sharedFields: [], method: 'verbal', givenBy: 'survivor' }],
  };
}

export interface LoadRequest {
  url: string;
  token: string;
  concurrency: number;
  warmupSeconds: number;
  seconds: number;
  seed: number;
  communes: string[];
}

export interface LoadResult {
  requests: number;
  ok: number;
  statuses: Record<string, number>;
  /** Latencies in ms of the measured window (every answer, errors included), unsorted. */
  latencies: number[];
  seconds: number;
  cpuPercentOfOneCore: number;
  firstError?: string;
}

function post(
  agent: http.Agent,
  url: URL,
  token: string,
  body: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: '/api/v1/cases',
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error('timeout after 10 s')));
    req.on('error', reject);
    req.end(body);
  });
}

export async function runLoad(r: LoadRequest): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: r.concurrency });
  const url = new URL(r.url);
  let n = 0;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let firstError: string | undefined;
  let requests = 0;
  let ok = 0;
  const start = performance.now();
  const measureFrom = start + r.warmupSeconds * 1000;
  const end = measureFrom + r.seconds * 1000;
  const cpu0 = process.cpuUsage();
  let cpuFrom = cpu0;
  let cpuTaken = false;
  const worker = async (): Promise<void> => {
    for (;;) {
      const t = performance.now();
      if (t >= end) return;
      if (!cpuTaken && t >= measureFrom) {
        cpuTaken = true;
        cpuFrom = process.cpuUsage();
      }
      const body = JSON.stringify(intakeBody(n++, r.seed, r.communes));
      let status: string;
      try {
        const res = await post(agent, url, r.token, body);
        status = String(res.status);
        if (res.status !== 201 && !firstError) firstError = `${res.status} ${res.text.slice(0, 300)}`;
      } catch (e) {
        status = e instanceof Error ? e.message : 'error';
        firstError ??= status;
      }
      const done = performance.now();
      if (t >= measureFrom && done <= end) {
        requests++;
        latencies.push(done - t);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status === '201') ok++;
      }
    }
  };
  await Promise.all(Array.from({ length: r.concurrency }, () => worker()));
  const cpu = process.cpuUsage(cpuFrom);
  agent.destroy();
  return {
    requests,
    ok,
    statuses,
    latencies,
    seconds: r.seconds,
    cpuPercentOfOneCore: Math.round(((cpu.user + cpu.system) / 1000 / (r.seconds * 1000)) * 100),
    ...(firstError ? { firstError } : {}),
  };
}

if (require.main === module && process.send) {
  process.once('message', (m: LoadRequest) => {
    runLoad(m).then(
      (result) => {
        process.send?.({ result }, () => process.exit(0));
      },
      (e: unknown) => {
        process.send?.({ error: e instanceof Error ? e.message : String(e) }, () => process.exit(1));
      },
    );
  });
}
