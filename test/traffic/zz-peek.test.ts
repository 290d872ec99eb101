import { it } from 'vitest';
import { renderBlocksAsText } from '../../src/render/blocks-to-text.ts';
import { startTestBot } from '../support/start-test-bot.ts';

it('peek', async () => {
  const bot = await startTestBot();
  for (const cmd of [
    'stats www.example.com',
    'stats all --last 7d',
    'top www.example.com',
    'codes all yesterday',
    'logs www.example.com',
    'logs global.example.com --day today',
  ]) {
    await bot.send(cmd);
    const m = bot.slack.messages.at(-1)!;
    console.log(`\n===== ${cmd}\n${renderBlocksAsText({ text: m.text, blocks: m.blocks as never })}`);
  }
  console.log(
    bot.tencent.calls
      .map((c) => `${c.action} ${JSON.stringify(c.params).slice(0, 150)} ${c.errorCode ?? ''}`)
      .join('\n'),
  );
  console.log(bot.slack.calls.filter((c) => c.error).map((c) => c.error));
  await bot.close();
});
