import { mailTime } from '../../lib/local-time';
import { escapeHtml as h, localIso } from './export-format';
import type { ExportOverview } from './export-overview';

export interface ExportFile {
  path: string;
  about: string;
}

function table(headers: string[], rows: string[][]): string {
  if (!rows.length) return '<p class="none">None.</p>';
  const head = headers.map((x) => `<th scope="col">${h(x)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${h(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/**
 * summary.html: what a person reads first — who the data is about, where it is stored, what the
 * archive holds and what each file is. Built from aggregates (counts, latest values), never the data.
 */
export function renderSummaryHtml(
  overview: ExportOverview,
  facts: { exportedAt: Date; dataRegion: string; serviceUrl: string },
  files: ExportFile[],
): string {
  const { identity: me } = overview;
  // Times with no offset of their own read in the account's zone, as in the app (lib/local-time.ts).
  const when = (d: Date | null | undefined) => (d ? mailTime(d, me.timeZone) : '—');
  const identityRows: string[][] = [
    ['Name', me.displayName],
    ['Email', me.email],
    ['Birth date', me.birthDate],
    ['Country', me.country],
    ['Language', me.locale],
    ['Time zone', me.timeZone],
    ['Account created', when(me.createdAt)],
    ['Last sign-in', when(me.lastLoginAt)],
    ['Account state', me.state],
  ];
  const metricRows = overview.metrics.map((m) => [
    m.label,
    m.unit,
    String(m.readings),
    String(m.seriesPoints),
    m.latest ? `${m.latest.value} ${m.unit}`.trim() : '—',
    m.latest ? localIso(m.latest.at.getTime(), m.latest.utcOffsetMinutes) : '—',
  ]);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Your Vitalbase data</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1b1b1b; }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; width: 100%; }
th, td { border: 1px solid #ccc; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
.none { color: #666; }
code { background: #f3f3f3; padding: 0 .2rem; }
</style>
</head>
<body>
<h1>Your Vitalbase data</h1>
<p>A copy of everything the service at ${h(facts.serviceUrl)} holds about you, made on
${h(when(facts.exportedAt))}. Your data is stored in: <strong data-region>${h(facts.dataRegion)}</strong>.</p>

<h2>Who this is about</h2>
${table(['', ''], identityRows)}

<h2>Devices</h2>
${table(
  ['Name', 'Kind', 'Model', 'Serial', 'Firmware', 'Paired', 'Unpaired', 'Last sync'],
  overview.devices.map((d) => [
    d.name,
    d.kind,
    d.modelId,
    d.serial,
    d.firmware,
    when(d.activatedAt),
    when(d.unpairedAt),
    when(d.lastSyncAt),
  ]),
)}

<h2>Measurements</h2>
${table(['Metric', 'Unit', 'Readings', 'Series points', 'Latest value', 'Taken at (local time)'], metricRows)}
${table(
  ['Sessions', 'Count'],
  overview.sessions.map((s) => [s.type, String(s.count)]),
)}

<h2>Consents</h2>
${table(
  ['Purpose', 'Given', 'Last changed'],
  overview.consents.map((c) => [c.title, c.granted ? 'yes' : 'no', when(c.changedAt)]),
)}

<h2>What each file is</h2>
${table(
  ['File', 'What it holds'],
  files.map((f) => [f.path, f.about]),
)}
<p>Times in CSV files are given twice: local time with the offset where the value was taken, and UTC.
Values are in the unit named on each row. FHIR files are HL7 FHIR R4 resources, one per line (NDJSON),
readable by health record systems.</p>
</body>
</html>
`;
}
