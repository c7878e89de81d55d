/**
 * @module party
 * Entry point of a party process:
 * - `party.js vrr-client <url> <class> [cheat]`: one VRR client; prints its result as one JSON line;
 *   exit 0 when the verifier accepted, 1 when it rejected or the exchange failed.
 * - `party.js vddlm-server <verifierUrl> <index> [cheat]`: a VDDLM server service (prints its URL).
 * - `party.js vddlm-client <verifierUrl> <serverUrl,…> <v1,…,vd> [client-share]`: one VDDLM client;
 *   exit 0 when its commitments and shares were accepted, 1 (reason on stderr) when a party refused
 *   them — `client-share` sends server 0 a share other than the committed one, which it refuses.
 */
import { runVrrClient } from './http.js';
import { runVddlmClientParty, runVddlmServerParty } from './http-vddlm.js';
import type { VddlmCheat } from './vddlm.js';
import type { VrrCheat } from './vrr.js';

const CHEATS: Record<string, VrrCheat> = {
  'noise-distribution': { misreport: true },
  'reused-coin': { staleCoin: true },
  'forged-opening': { forgeOpening: true },
};

const VDDLM_CHEATS = [
  'noise-distribution',
  'reused-coin',
  'altered-share',
  'withheld-noise',
  'forged-opening',
];

async function main(): Promise<number> {
  const [role, url, clsText, cheatName, clientCheat] = process.argv.slice(2);
  if (role === 'vddlm-server' && url !== undefined && clsText !== undefined && /^\d+$/.test(clsText)) {
    if (cheatName !== undefined && !VDDLM_CHEATS.includes(cheatName)) {
      process.stderr.write(`unknown cheat ${cheatName}\n`);
      return 2;
    }
    await runVddlmServerParty(url, Number(clsText), cheatName as VddlmCheat | undefined);
    return 0;
  }
  if (role === 'vddlm-client' && url !== undefined && clsText !== undefined && cheatName !== undefined) {
    if (clientCheat !== undefined && clientCheat !== 'client-share') {
      process.stderr.write(`unknown client cheat ${clientCheat}\n`);
      return 2;
    }
    try {
      await runVddlmClientParty(
        url,
        clsText.split(','),
        cheatName.split(',').map(Number),
        clientCheat === 'client-share' ? clientCheat : undefined,
      );
      return 0;
    } catch (e) {
      process.stderr.write(`${(e as Error).message}\n`);
      return 1;
    }
  }
  if (role !== 'vrr-client' || url === undefined || clsText === undefined || !/^\d+$/.test(clsText)) {
    process.stdout.write(
      `${JSON.stringify({ accepted: false, reason: 'usage: party.js vrr-client <url> <class> [cheat]' })}\n`,
    );
    return 2;
  }
  const cheat = cheatName === undefined ? {} : CHEATS[cheatName];
  if (cheat === undefined) {
    process.stdout.write(`${JSON.stringify({ accepted: false, reason: `unknown cheat ${cheatName}` })}\n`);
    return 2;
  }
  try {
    const r = await runVrrClient(url, Number(clsText), cheat);
    process.stdout.write(`${JSON.stringify(r)}\n`);
    return r.accepted ? 0 : 1;
  } catch (e) {
    process.stdout.write(`${JSON.stringify({ accepted: false, reason: (e as Error).message })}\n`);
    return 1;
  }
}

process.exitCode = await main();
