import { canonicalJson } from '../../lib/canonical.js';
import { hexToBytes, hkdf32 } from '../../lib/draw/bytes.js';
import { DrawMismatch, type DrawProof, orderPool, sortPool, verifyProof } from '../../lib/draw/index.js';
import { Badge, Empty, Facts, Notice, Table } from '../components.js';
import { bidText, ratePercent, yuan } from '../text.js';
import { beijingTime } from '../time.js';
import { MODE_NAMES } from '../words.js';

/**
 * A draw's proof as a reader follows it: every input as published, the arithmetic that ordered the pool
 * and decided the winner (recomputed here from the proof alone with the same lib/draw functions that
 * `npm run verify-draw` runs), and how to do it yourself.
 */
export type DrawWorkings = {
  proof: DrawProof;
  /** The whole proof checked again from itself: ok, or each mismatch. */
  check: { ok: boolean; problems: string[] };
  /** Each label's HKDF key, in the order the keys give. */
  keys: { label: string; key: string }[];
  /** 最优价: the first byte of HKDF(randomness, poolHash, "factor"), from which k is drawn. */
  factorByte: number | null;
  /** The exact texts whose sha256 are the published hashes. */
  ruleText: string;
  poolText: string;
  randomnessText: string | null;
};

export async function workDraw(proof: DrawProof): Promise<DrawWorkings> {
  const { ok, problems } = await verifyProof(proof);
  let keys: DrawWorkings['keys'] = [];
  let factorByte: number | null = null;
  try {
    keys = await orderPool(
      proof.randomness,
      proof.poolHash,
      proof.pool.map((m) => m.label),
    );
    if (proof.rule.mode === 'bid_best')
      factorByte = (
        await hkdf32(hexToBytes(proof.randomness, 'the randomness'), hexToBytes(proof.poolHash, 'the pool hash'), 'factor')
      )[0]!;
  } catch (error) {
    // A proof that cannot be ordered says so in its problems; the page shows them instead of keys.
    if (!(error instanceof DrawMismatch)) throw error;
  }
  const reveal = proof.reveal;
  const randomnessText =
    reveal.type === 'commit-reveal'
      ? canonicalJson({
          seed: reveal.seed,
          nonces: [...reveal.nonces]
            .sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0))
            .map(({ label, nonce }) => ({ label, nonce })),
        })
      : null;
  return {
    proof,
    check: { ok, problems },
    keys,
    factorByte,
    ruleText: canonicalJson(proof.rule),
    poolText: canonicalJson(sortPool(proof.pool)),
    randomnessText,
  };
}

/** A fen amount or a discount rate as a bid reads. */
function quoteText(value: string, quoteKind: string): string {
  return quoteKind === 'amount' ? yuan(value) : `${value}（${ratePercent(value)}）`;
}

type Names = Map<string, string>;

/** An agency of the proof by its code, and its name when it may be shown. */
const who = (label: string | null | undefined, names: Names) =>
  label ? `${label}${names.get(label) ? `（${names.get(label)}）` : ''}` : '无';

function Agency({ label, names }: { label: string; names: Names }) {
  const name = names.get(label);
  return (
    <>
      {name ?? label}
      {name ? <div class="muted small">{label}</div> : null}
    </>
  );
}

/** Step 5: how the mode's rule turned the order (and bids or scores) into the result. */
function Decision({ w, names }: { w: DrawWorkings; names: Names }) {
  const { proof } = w;
  const outcome = proof.outcome;
  const rule = proof.rule;
  if (outcome.failed)
    return (
      <Notice tone="error">
        选取失败：{outcome.failed.detail}（{outcome.failed.code}）
      </Notice>
    );
  if (rule.mode === 'random')
    return (
      <p>
        随机抽取：抽取顺序第一位中选，即 <strong class="winner-code">{outcome.winner}</strong>
        {names.get(outcome.winner ?? '') ? `（${names.get(outcome.winner ?? '')}）` : ''}。
      </p>
    );
  const ranked = outcome.ranked ?? [];
  if (rule.mode === 'credit_first') {
    const longList = new Set(outcome.longList ?? []);
    const shortlist = outcome.shortlist ?? [];
    return (
      <>
        <p>
          信用择优：按信用分从高到低取前 {rule.longListSize} 名为长名单（与第 {rule.longListSize}{' '}
          名同分者一并入围），再按抽取顺序取长名单的前 {rule.shortListSize} 名为短名单，由项目业主从短名单中选定。
        </p>
        <Table caption="按信用分排名（同分按抽取顺序）">
          <thead>
            <tr>
              <th class="num">名次</th>
              <th>机构</th>
              <th class="num">信用分</th>
              <th>长名单</th>
              <th>短名单</th>
            </tr>
          </thead>
          <tbody>
            {ranked.map((r, i) => (
              <tr>
                <td class="num">{i + 1}</td>
                <td>
                  <Agency label={r.label} names={names} />
                </td>
                <td class="num">{r.value === 'unscored' ? '无' : r.value}</td>
                <td>{longList.has(r.label) ? '入围' : '—'}</td>
                <td>{shortlist.includes(r.label) ? `第 ${shortlist.indexOf(r.label) + 1} 位` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      </>
    );
  }
  if (rule.mode === 'bid_lowest')
    return (
      <>
        <p>最低价：有效报价最低者中选，同价按抽取顺序。中选：{who(outcome.winner, names)}。</p>
        <RankedBids w={w} names={names} />
      </>
    );
  // bid_best
  const factors = rule.factors ?? [];
  return (
    <>
      {outcome.factor === undefined ? (
        <p>只有一家有效报价（非财政资金项目），该报价者中选：{who(outcome.winner, names)}。</p>
      ) : (
        <>
          <p>
            最优价：系数 k 由 HKDF-SHA256(ikm = randomness, salt = poolHash, info = "factor") 的第一个字节决定。 第一个字节 ={' '}
            <strong>{w.factorByte ?? '—'}</strong>，{w.factorByte ?? '—'} mod {factors.length} ={' '}
            {w.factorByte === null ? '—' : w.factorByte % factors.length}，k = [{factors.join(', ')}] 中的第{' '}
            {w.factorByte === null ? '—' : (w.factorByte % factors.length) + 1} 个 = <strong>{outcome.factor}%</strong>。
          </p>
          <p>
            去掉一个最高报价和一个最低报价，其余报价的平均数 × {outcome.factor}% = 基准价{' '}
            <strong>{outcome.reference ? quoteText(outcome.reference, rule.quoteKind) : '—'}</strong>
            。与基准价之差最小者中选；差相同取报价低者，再相同按抽取顺序。中选：{who(outcome.winner, names)}。
          </p>
        </>
      )}
      <RankedBids w={w} names={names} />
    </>
  );
}

function RankedBids({ w, names }: { w: DrawWorkings; names: Names }) {
  const ranked = w.proof.outcome.ranked ?? [];
  const distances = ranked.some((r) => r.distance !== undefined);
  return (
    <Table caption="有效报价的排名（按决定顺序）">
      <thead>
        <tr>
          <th class="num">名次</th>
          <th>机构</th>
          <th class="num">报价</th>
          {distances ? <th class="num">与基准价之差</th> : null}
        </tr>
      </thead>
      <tbody>
        {ranked.map((r, i) => (
          <tr class={r.label === w.proof.outcome.winner ? 'winner' : undefined}>
            <td class="num">{i + 1}</td>
            <td>
              <Agency label={r.label} names={names} />
            </td>
            <td class="num">{quoteText(r.value, w.proof.rule.quoteKind)}</td>
            {distances ? <td class="num">{r.distance === undefined ? '—' : quoteText(r.distance, w.proof.rule.quoteKind)}</td> : null}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** The proof section of an announcement page. */
export function DrawProofSection({ w, names, winnerNamed }: { w: DrawWorkings; names: Names; winnerNamed: boolean }) {
  const { proof } = w;
  // The pool's names are public; when the owner chose not to publish the winner's name, the order and
  // the decision name agencies by their codes only, as the proof itself does.
  const labelled: Names = winnerNamed ? names : new Map();
  const proofUrl = `/api/v1/market/selections/${proof.selectionId}/proof`;
  const c = proof.commitment;
  const r = proof.reveal;
  const position = new Map(proof.outcome.order.map((label, i) => [label, i + 1]));
  const command = [
    'npm run verify-draw -- proof.json',
    `--rule-hash ${proof.ruleHash}`,
    c.type === 'commit-reveal' ? `--seed-hash ${c.seedHash}` : `--round ${c.round}`,
    `--pool-hash ${proof.poolHash}`,
    `--pool-fixed-at ${proof.poolFixedAt}`,
  ].join(' \\\n    ');
  return (
    <section aria-labelledby="proof-title">
      <h2 id="proof-title">抽取证明</h2>
      {w.check.ok ? (
        <Notice tone="ok">本页已用下列公开输入把整个抽取重新计算了一遍：规则、入围名单、随机数、抽取顺序和结果都与公布的一致。</Notice>
      ) : (
        <Notice tone="error">
          按下列输入重新计算，与公布的结果不一致：
          <ul>
            {w.check.problems.map((p) => (
              <li>{p}</li>
            ))}
          </ul>
        </Notice>
      )}

      <h3>1. 发布公告时公开的承诺</h3>
      <Facts
        items={[
          [
            '选取方式',
            `${MODE_NAMES[proof.rule.mode] ?? proof.rule.mode}（${proof.rule.fiscal ? '财政资金项目' : '非财政资金项目'}，至少 ${proof.rule.minimumPool} 家）`,
          ],
          ['公告发布', beijingTime(proof.announcement.publishedAt)],
          ['报名截止', beijingTime(proof.announcement.signupDeadline)],
          ['规则（规范 JSON）', <code class="hash">{w.ruleText}</code>],
          ['ruleHash = sha256(规则)', <code class="hash">{proof.ruleHash}</code>],
          c.type === 'commit-reveal'
            ? [
                '随机源',
                <>
                  平台种子承诺 seedHash = sha256(种子) = <code class="hash">{c.seedHash}</code>（种子本身在抽取时才公开）
                </>,
              ]
            : [
                '随机源',
                <>
                  drand 链 <code class="hash">{c.chainHash}</code> 第 {c.round} 轮（{beijingTime(c.roundTime)} 产生，晚于报名截止）
                </>,
              ],
        ]}
      />

      <h3>2. 入围名单与 poolHash</h3>
      <p>
        入围名单于 {beijingTime(proof.poolFixedAt)} 固定（报名截止之后、随机数产生之前），按统一社会信用代码排序， poolHash =
        sha256(名单的规范 JSON) = <code class="hash">{proof.poolHash}</code>
      </p>
      <Table>
        <thead>
          <tr>
            <th>标签（统一社会信用代码）</th>
            <th>机构</th>
            {proof.pool.some((m) => m.bid) ? <th class="num">报价</th> : null}
            {proof.pool.some((m) => m.score !== undefined) ? <th class="num">信用分</th> : null}
          </tr>
        </thead>
        <tbody>
          {proof.pool.map((m) => (
            <tr>
              <td>
                <code>{m.label}</code>
              </td>
              <td>{names.get(m.label) ?? '—'}</td>
              {proof.pool.some((x) => x.bid) ? <td class="num">{bidText(m.bid)}</td> : null}
              {proof.pool.some((x) => x.score !== undefined) ? <td class="num">{m.score ?? '—'}</td> : null}
            </tr>
          ))}
        </tbody>
      </Table>
      <details>
        <summary>名单的规范 JSON（对它求 sha256 即得 poolHash）</summary>
        <pre>{w.poolText}</pre>
      </details>

      <h3>3. 随机数</h3>
      {r.type === 'commit-reveal' ? (
        <>
          <p>
            抽取时公开的种子：<code class="hash">{r.seed}</code>（sha256 后应等于上面的 seedHash）。各机构报名时给出的 nonce：
          </p>
          <Table>
            <thead>
              <tr>
                <th>标签</th>
                <th>nonce</th>
              </tr>
            </thead>
            <tbody>
              {[...r.nonces]
                .sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0))
                .map((n) => (
                  <tr>
                    <td>
                      <code>{n.label}</code>
                    </td>
                    <td>
                      <code class="hash">{n.nonce}</code>
                    </td>
                  </tr>
                ))}
            </tbody>
          </Table>
          <p>randomness = sha256(下面这段规范 JSON：nonce 按标签排序，加上种子)</p>
          <pre>{w.randomnessText}</pre>
        </>
      ) : (
        <p>
          drand 第 {r.round} 轮的 BLS 签名 <code class="hash">{r.signature}</code>，用链公钥验证后，randomness = sha256(签名)。
        </p>
      )}
      <p>
        randomness = <code class="hash">{proof.randomness}</code>
      </p>

      <h3>4. 抽取顺序</h3>
      <p>每家机构的键 = HKDF-SHA256(ikm = randomness, salt = poolHash, info = 统一社会信用代码, 输出 32 字节)，按键从小到大排列：</p>
      {w.keys.length === 0 ? (
        <Empty>证明中的随机数或 poolHash 无法使用，排不出顺序（见上面列出的不一致）。</Empty>
      ) : (
        <Table>
          <thead>
            <tr>
              <th class="num">顺序</th>
              <th>机构</th>
              <th>HKDF 键</th>
            </tr>
          </thead>
          <tbody>
            {w.keys.map((k, i) => (
              <tr class={k.label === proof.outcome.winner ? 'winner' : undefined}>
                <td class="num">{i + 1}</td>
                <td>
                  <Agency label={k.label} names={labelled} />
                  {k.label === proof.outcome.winner ? <Badge tone="green">中选</Badge> : null}
                </td>
                <td>
                  <code class="hash">{k.key}</code>
                  {position.get(k.label) !== i + 1 ? <Badge tone="red">与公布的顺序不同</Badge> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}

      <h3>5. 决定结果</h3>
      <Decision w={w} names={labelled} />

      <section aria-labelledby="verify-title">
        <h2 id="verify-title">自己验证</h2>
        <p>不必相信本页：任何人都可以只凭公开的数据把抽取重新算一遍。</p>
        <ol class="steps">
          <li>
            下载证明文件：<a href={proofUrl}>{proofUrl}</a>（JSON，包含上面列出的全部输入和结果），保存为 proof.json。
          </li>
          <li>
            核对承诺：对第 1 步中规则的规范 JSON（键按字母排序、无空格）求 sha256，应得到 ruleHash {proof.ruleHash.slice(0, 12)}
            …，并与公告发布时公开的值一致
            {c.type === 'commit-reveal'
              ? '；对公开的种子（64 位十六进制文本）求 sha256，应得到发布时公开的 seedHash'
              : '；drand 轮次应与发布时公开的一致'}
            。
          </li>
          <li>
            核对名单：对按代码排序的入围名单的规范 JSON 求 sha256，应得到 poolHash。名单中的机构、报价或信用分有任何改动，哈希都会不同。
          </li>
          <li>
            算出随机数：
            {c.type === 'commit-reveal'
              ? '对 {"nonces":[按标签排序的 {label, nonce}],"seed":种子} 的规范 JSON 求 sha256。'
              : '用 drand 链公钥验证该轮签名，randomness = sha256(签名字节)。'}
          </li>
          <li>排出顺序：对每家机构计算 HKDF-SHA256(randomness, poolHash, 统一社会信用代码)，按结果从小到大排列，应与第 4 步的顺序相同。</li>
          <li>按选取方式决定结果（第 5 步），应得到公布的中选机构{proof.rule.mode === 'credit_first' ? '（信用择优：短名单）' : ''}。</li>
          <li>
            或者用本系统的开源校验程序离线完成以上全部步骤（不需要数据库，也不需要网络），并把公告时记下的值一起传入：
            <pre>{command}</pre>
            输出 “OK: the proof verifies” 即表示证明成立；任何不一致都会逐条列出。
          </li>
        </ol>
        <details>
          <summary>证明文件中的说明原文</summary>
          <pre>{proof.explanation}</pre>
        </details>
      </section>
    </section>
  );
}
