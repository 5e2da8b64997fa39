import type { DrawRule, SourceCommitment, SourceReveal } from './types.js';

/** A short bilingual text in each proof saying how anyone recomputes it by hand or with `npm run verify-draw`. */
export function explanationFor(rule: DrawRule, commitment: SourceCommitment, reveal: SourceReveal, poolFixedAt: string): string {
  const drawn = reveal.type === 'drand' ? reveal.round : null;
  const source =
    commitment.type === 'drand'
      ? `公告承诺 drand 链 ${commitment.chainHash} 第 ${commitment.round} 轮（${commitment.roundTime} 产生，晚于报名截止）；` +
        `入围名单于 ${poolFixedAt} 固定，使用第 ${drawn} 轮 = max(承诺轮次, 固定时刻之后产生的第一轮)，固定名单时该轮尚未产生；` +
        `用链公钥验证该轮 BLS 签名（${commitment.scheme}，消息 = sha256(轮次 8 字节大端)），randomness = sha256(签名)。 ` +
        `Committed: drand round ${commitment.round} of chain ${commitment.chainHash} (published ${commitment.roundTime}, after the ` +
        `sign-up deadline). The pool was fixed at ${poolFixedAt}; the round drawn, ${drawn}, is max(the committed round, the first ` +
        `round published strictly after the pool was fixed), so it was unknown when the pool was fixed. Its BLS signature must ` +
        `verify with the chain's public key; randomness = sha256(signature).`
      : `发布时公开 seedHash = sha256(种子十六进制文本)；入围名单于 ${poolFixedAt} 固定；抽取时公开种子和各机构报名时给出的 nonce，` +
        'randomness = sha256(规范 JSON {nonces 按 label 排序, seed})。 ' +
        'At publication seedHash = sha256 of the seed hex text was published; the pool was fixed at ' +
        `${poolFixedAt}; randomness = sha256 of canonical JSON ` +
        '{"nonces": the agencies\' nonces sorted by label, "seed": the revealed seed}.';
  const modes: Record<DrawRule['mode'], string> = {
    random: '随机抽取：排序第一者中选。Random: the first in the order wins.',
    bid_lowest: '最低价：有效报价最低者中选，同价按抽取顺序。Lowest price: the lowest valid bid wins; a tie goes by the order.',
    bid_best:
      '最优价：以 HKDF(randomness, poolHash, "factor") 首字节 mod 4 抽取系数 k；去掉一个最高价和一个最低价后取平均，基准价 = 平均 × k/100；' +
      '最接近基准价者中选，等距取低价，再按抽取顺序。Best price: k from the first byte of HKDF(randomness, poolHash, "factor") mod 4; ' +
      'drop one highest and one lowest bid, reference = average of the rest × k/100; the closest bid wins, then the lower, then the order.',
    credit_first:
      '信用择优：按信用分取长名单（与末位同分者一并入围），按抽取顺序取前若干名为短名单，由业主选定。Credit first: the long list by ' +
      'credit score (ties with the last included), the short list = the first of it in draw order; the owner picks.',
  };
  return [
    '复核方法 / How to check: ruleHash = sha256(规范 JSON 的 rule)，须与公告发布时公开的值一致；poolHash = sha256(按 label 排序的 pool 的规范 JSON)。 ' +
      'ruleHash must equal the hash published with the announcement; poolHash = sha256 of the canonical JSON of the pool sorted by label.',
    source,
    '每家机构的键 = HKDF-SHA256(ikm = randomness, salt = poolHash, info = 统一社会信用代码, 32 字节)，按键升序排列。 ' +
      "Each agency's key = HKDF-SHA256(ikm = randomness, salt = poolHash, info = its USCC, 32 bytes); the order is by key ascending.",
    modes[rule.mode],
    '离线复核 / Offline: npm run verify-draw -- proof.json',
  ].join('\n');
}
