// vader.js scores every sentence of a JSONL file ({"id": ..., "text": ...}
// per line) with VADER's JavaScript port (npm vader-sentiment) and writes
// "id,compound" lines to standard output. It does what slant score does
// for sentiment alone, for eval/speed/compare.sh:
//
//   node vader.js sentences.jsonl > vader.csv
//
// Malformed lines are reported on standard error with their number and
// skipped.
'use strict';

const fs = require('fs');
const readline = require('readline');
const vader = require('vader-sentiment');

async function main() {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node vader.js SENTENCES.jsonl > OUT.csv');
    process.exit(2);
  }
  const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  const out = [];
  let n = 0;
  let bad = 0;
  for await (const line of rl) {
    n++;
    if (line.trim() === '') continue;
    let rec;
    try {
      rec = JSON.parse(line);
    } catch (e) {
      console.error(`${file}:${n}: malformed JSON line: ${e.message}`);
      bad++;
      continue;
    }
    if (typeof rec.text !== 'string') {
      console.error(`${file}:${n}: no "text" string`);
      bad++;
      continue;
    }
    const s = vader.SentimentIntensityAnalyzer.polarity_scores(rec.text);
    out.push(`${rec.id},${s.compound}`);
    if (out.length >= 4096) {
      process.stdout.write(out.join('\n') + '\n');
      out.length = 0;
    }
  }
  if (out.length) process.stdout.write(out.join('\n') + '\n');
  if (bad) process.exitCode = 3;
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
