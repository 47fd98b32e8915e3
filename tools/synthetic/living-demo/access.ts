import * as access from '../../../src/modules/access/restricted-service.ts';
import { synthetic, type LivingDemoStep } from './context.ts';

/** A police officer's emergency access to a hospital record last night, waiting for the police lead's review. */
export const accessStep: LivingDemoStep = {
  name: 'break-glass grant to review',
  async run({ dbs, actor, personBySourceId }) {
    const police = await actor('police@northshire.example');
    const kellyAtHospital = await personBySourceId('GH-MRN-40021');
    const grant = await access.breakGlass(
      dbs.app,
      police,
      kellyAtHospital,
      synthetic(
        'Called to the hospital at night: the victim’s injuries and who brought her in were needed for an urgent safety decision',
      ),
    );
    if (!grant) throw new Error('the hospital’s record is not visible to the police');
  },
};
