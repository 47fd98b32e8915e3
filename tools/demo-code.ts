import { currentTotp } from '../src/platform/auth/totp.ts';
import { DEMO_PARTNERSHIPS, demoAccount } from './synthetic/demo-accounts.ts';

// `npm run demo:code -- <email>`: the current sign-in code of a demo account, for trying the service without an authenticator app.
const email = process.argv[2];
if (!email) {
  console.log('Usage: npm run demo:code -- <demo email>\nDemo accounts:');
  for (const a of DEMO_PARTNERSHIPS.flatMap((p) => p.accounts)) console.log(`  ${a.email}`);
  process.exit(2);
}
console.log(currentTotp(demoAccount(email).totpSecret));
