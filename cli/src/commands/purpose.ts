import { createInterface } from 'node:readline/promises';

/**
 * Why the operator reads personal data (P26): `--purpose`, or asked on a terminal. It goes to each
 * user's access log with the read. Without a terminal (a script) the option is required.
 */
export async function purposeOf(given: string | undefined): Promise<string> {
  if (given?.trim()) return given.trim();
  if (!process.stdin.isTTY) throw new Error('say why you read this personal data: --purpose "<reason>"');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = (
      await rl.question("Why do you read these accounts' data (recorded in their access log)? ")
    ).trim();
    if (answer.length < 3) throw new Error('a purpose of at least 3 characters is needed');
    return answer;
  } finally {
    rl.close();
  }
}
