#!/usr/bin/env node
// Splits Nx projects into CI shards: `nx show projects --affected --json | node shard.mjs [maxShards] [perShard]`
// prints a GitHub Actions matrix, [{"index":1,"total":2,"projects":"a,c"}, …], on stdout.

/**
 * At most `maxShards` shards of about `perShard` projects each (fewer projects, fewer shards),
 * dealt round-robin in name order so that the split is the same on every run. Always at least one
 * shard (with no projects when there are none), since a matrix cannot be empty.
 * @param {string[]} projects
 * @param {number} maxShards
 * @param {number} perShard
 * @returns {{ index: number; total: number; projects: string }[]}
 */
export function shard(projects, maxShards, perShard) {
  if (!Number.isInteger(maxShards) || maxShards < 1) throw new Error(`maxShards must be a positive integer, not ${maxShards}`);
  if (!Number.isInteger(perShard) || perShard < 1) throw new Error(`perShard must be a positive integer, not ${perShard}`);
  const sorted = [...new Set(projects)].sort();
  const total = Math.max(1, Math.min(maxShards, Math.ceil(sorted.length / perShard)));
  const buckets = Array.from({ length: total }, () => []);
  sorted.forEach((p, i) => buckets[i % total].push(p));
  return buckets.map((b, i) => ({ index: i + 1, total, projects: b.join(',') }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [maxShards = '4', perShard = '6'] = process.argv.slice(2);
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  let projects;
  try {
    projects = JSON.parse(input || '[]');
    if (!Array.isArray(projects) || projects.some((p) => typeof p !== 'string')) throw new Error('not an array of names');
  } catch (error) {
    process.stderr.write(`shard: stdin is not the JSON list of \`nx show projects --json\` (${error.message})\n`);
    process.exit(1);
  }
  try {
    process.stdout.write(`${JSON.stringify(shard(projects, Number(maxShards), Number(perShard)))}\n`);
  } catch (error) {
    process.stderr.write(`shard: ${error.message}; usage: node shard.mjs [maxShards] [perShard]\n`);
    process.exit(1);
  }
}
