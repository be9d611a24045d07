/** Entry of the benchmark's in-page bundle (IIFE): both extractors on `globalThis.__readerBench`. */
import { ours, profileColdSteps, profileSteps, purifierCheck, readabilityAlone, resultSize } from './runners';

(globalThis as unknown as { __readerBench: unknown }).__readerBench = { ours, profileColdSteps, profileSteps, purifierCheck, readabilityAlone, resultSize };
