/* rmsim.h - the whole embeddable API of rmsim, and its version.
 *
 * rmsim simulates relationship marketing: customer cohorts and churn,
 * word-of-mouth, SME-large-firm partnerships and the cooperate/compete
 * game. Models are in C; scenarios and strategies are Lua scripts. Each
 * header below is one concept and documents itself. */
#ifndef RMSIM_H
#define RMSIM_H

#define RMSIM_VERSION "0.1.0"

/* The first members of every JSON object rmsim writes: the version that
 * wrote it and the schema it follows (docs/formats.md), e.g.
 * fputs("{" RMSIM_JSON_HEAD("rmsim-summary/1") ", ...", f). */
#define RMSIM_JSON_HEAD(schema) \
    "\"rmsim_version\": \"" RMSIM_VERSION "\", \"schema\": \"" schema "\""

#include "rmsim/cohort.h"
#include "rmsim/error.h"
#include "rmsim/metrics.h"
#include "rmsim/output.h"
#include "rmsim/rng.h"
#include "rmsim/sandbox.h"
#include "rmsim/sbg.h"
#include "rmsim/scenario.h"
#include "rmsim/stats.h"

#endif
