/**
 * The one stylesheet of the pages, served from the app itself (nothing from a CDN). Plain CSS: a
 * readable column on a phone, tables that scroll sideways rather than overflow, visible focus.
 */
export const SITE_CSS = `
:root{--ink:#1f2328;--muted:#59636e;--line:#d0d7de;--bg:#f6f8fa;--accent:#0b57d0;--red:#b42318;--green:#067647;--amber:#9a6700}
*{box-sizing:border-box}
body{margin:0;font:16px/1.6 system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:var(--ink);background:#fff}
a{color:var(--accent)}
a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus{outline:3px solid #f4b400;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px;z-index:9}
header.site{background:#12315c;color:#fff}
header.site .bar{max-width:1100px;margin:0 auto;padding:8px 16px;display:flex;flex-wrap:wrap;gap:8px 20px;align-items:center}
header.site a{color:#fff;text-decoration:none}header.site a:hover{text-decoration:underline}
header.site .brand{font-weight:700;font-size:18px;margin-right:auto}
header.site nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 16px}
header.site .who{font-size:14px;display:flex;gap:8px;align-items:center}
header.site .who button{background:none;border:1px solid #fff;color:#fff;padding:2px 8px;border-radius:4px;cursor:pointer}
main{max-width:1100px;margin:0 auto;padding:16px}
footer.site{max-width:1100px;margin:32px auto 16px;padding:8px 16px;color:var(--muted);font-size:14px;border-top:1px solid var(--line)}
h1{font-size:26px;margin:8px 0 16px}h2{font-size:20px;margin:24px 0 8px}h3{font-size:17px;margin:16px 0 6px}
.muted{color:var(--muted)}.small{font-size:14px}
.table-wrap{overflow-x:auto;margin:8px 0}
table{border-collapse:collapse;width:100%;min-width:480px}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:var(--bg);font-weight:600;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
form.search{display:flex;flex-wrap:wrap;gap:8px;align-items:flex-end;margin:8px 0 16px}
form.search .field{margin:0}
.field{margin:0 0 12px;display:flex;flex-direction:column;gap:4px;max-width:640px}
.field label{font-weight:600}
.field .hint{color:var(--muted);font-size:14px}
.field .error{color:var(--red);font-size:14px;font-weight:600}
.field.invalid input,.field.invalid select,.field.invalid textarea{border-color:var(--red);border-width:2px}
input,select,textarea{font:inherit;padding:6px 8px;border:1px solid #8c959f;border-radius:4px;background:#fff;max-width:100%}
textarea{min-height:90px}
button,.button{font:inherit;background:var(--accent);color:#fff;border:0;border-radius:4px;padding:6px 14px;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary,.button.secondary{background:#fff;color:var(--accent);border:1px solid var(--accent)}
button.danger{background:var(--red)}
form.inline{display:inline}
.actions{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:8px 0}
.badge{display:inline-block;padding:0 8px;border-radius:10px;font-size:13px;border:1px solid var(--line);background:var(--bg);white-space:nowrap}
.badge.red{background:#fee4e2;border-color:#fda29b;color:var(--red)}
.badge.green{background:#dcfae6;border-color:#75e0a7;color:var(--green)}
.badge.amber{background:#fef0c7;border-color:#fec84b;color:var(--amber)}
.badge.blue{background:#d1e9ff;border-color:#84caff;color:#175cd3}
.overdue{color:var(--red);font-weight:600}
.notice{border-left:4px solid var(--accent);background:var(--bg);padding:8px 12px;margin:12px 0}
.notice.error{border-color:var(--red);background:#fef3f2}
.notice.ok{border-color:var(--green);background:#ecfdf3}
ul.plain{list-style:none;padding:0}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:12px;margin:12px 0}
.card{border:1px solid var(--line);border-radius:6px;padding:12px}
.card .big{font-size:24px;font-weight:700}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:8px 0}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
.pager{display:flex;gap:16px;margin:12px 0}
pre,code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px}
pre{background:var(--bg);padding:8px;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
svg text{font-family:inherit}
@media (max-width:600px){h1{font-size:22px}main{padding:12px}header.site .brand{width:100%}}
/* arrears dashboard (src/web/arrears) */
.chart-pair{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:16px;align-items:start}
.chart-pair figure,figure.chart-wide{margin:8px 0}
figure.chart-wide{max-width:760px}
.chart-pair .table-wrap table{min-width:0}
svg.chart{width:100%;height:auto;display:block}
svg.chart text{fill:var(--ink)}svg.chart text.label,svg.chart text.note{fill:var(--muted)}
svg.chart .bar{fill:#0b57d0}
svg.chart .bar-d1to30{fill:#f79009}svg.chart .bar-d31to90{fill:#e04f16}svg.chart .bar-d91to180{fill:#d92d20}
svg.chart .bar-d181to365{fill:#b42318}svg.chart .bar-over365{fill:#7a271a}
svg.chart .part-cleared{fill:#067647}svg.chart .part-outstanding{fill:#d92d20}svg.chart .part-empty{fill:#eaeef2}
.key{display:inline-block;width:12px;height:12px;vertical-align:middle;border-radius:2px}
.key-cleared{background:#067647}.key-outstanding{background:#d92d20}
.card.late .big{color:var(--red)}
tr.reversed td{color:var(--muted)}
td.nowrap{white-space:nowrap}
.key-cleared,.key-outstanding{margin:0 4px 0 12px}
@media (max-width:800px){.chart-pair{grid-template-columns:1fr}}
/* 中介超市 (src/web/market) */
.field.check{justify-content:flex-end}.field.check label{font-weight:400;display:flex;gap:6px;align-items:center}
ul.offers{margin:0;padding-left:18px}ul.offers li.chosen{font-weight:600}
tr.winner td{background:#ecfdf3}
code.hash{word-break:break-all}
ol.steps li{margin-bottom:8px}
strong.tracking{display:block;font-size:24px;letter-spacing:1px;font-family:ui-monospace,Menlo,Consolas,monospace;margin-top:4px}
fieldset.group{border:1px solid var(--line);border-radius:6px;padding:8px 12px;margin:0 0 12px;max-width:664px}
details{margin:8px 0}summary{cursor:pointer;color:var(--accent)}
/* sync and applicant console (src/web/console/sync, src/web/console/applicant) */
.break{word-break:break-all}
.actions-stack{display:flex;flex-direction:column;align-items:flex-start;gap:12px;margin:8px 0}
form.action{border:1px solid var(--line);border-radius:6px;padding:8px 12px;width:100%;max-width:664px}
form.action h3{margin-top:4px}
legend{font-weight:600;padding:0 4px}
/* public lookup and lists (src/web/public) */
.grade-line{display:flex;align-items:center;gap:12px;margin:8px 0}
.grade{display:inline-block;min-width:64px;text-align:center;font-size:28px;font-weight:700;padding:2px 12px;border-radius:6px;border:2px solid var(--line);background:var(--bg)}
.grade.green{border-color:#75e0a7;background:#dcfae6;color:var(--green)}
.grade.blue{border-color:#84caff;background:#d1e9ff;color:#175cd3}
.grade.amber{border-color:#fec84b;background:#fef0c7;color:var(--amber)}
.grade.red{border-color:#fda29b;background:#fee4e2;color:var(--red)}
tfoot th,tfoot td{border-top:2px solid var(--line)}
form.search input[type=search]{min-width:min(320px,100%)}
.date{white-space:nowrap}
/* credit console (src/web/console/credit) */
form.card h3{margin-top:0}
fieldset.group{border:1px solid var(--line);border-radius:6px;margin:0 0 12px;max-width:672px}
fieldset.group legend{font-weight:600;padding:0 4px}
/* a form posted after the session ended (expired-page.tsx) */
textarea.typed-back{width:100%;max-width:720px}
`;
