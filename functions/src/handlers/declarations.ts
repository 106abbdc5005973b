import { route } from '../http/route';
import { submitDeclaration as submit } from '../app/declarations';

export const submitDeclaration = route('submitDeclaration', async ({ deps, actor, body, now }) => {
  const { created, body: answer } = await submit(deps, actor, body, now);
  return { status: created ? 201 : 200, body: answer };
});
