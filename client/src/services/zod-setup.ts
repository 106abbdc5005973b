import { configureZod } from '@shared/contracts/zod-locale'

// zod reads `jitless` when an object schema is *built*, so this module must run before any schema module is
// evaluated: app.ts and api.ts import it first. Chinese messages; no `new Function` (the WeChat runtime forbids it).
configureZod()
