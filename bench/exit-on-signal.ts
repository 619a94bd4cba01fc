// Preloaded (node --require) into the processes that figure 8 profiles: the
// engine stops its plugins with SIGINT, which would end them before
// --cpu-prof writes its profile; an orderly exit writes it.
process.once("SIGINT", () => process.exit(0));
