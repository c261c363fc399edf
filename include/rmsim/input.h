/* input.h - opening the files rmsim reads, safely.
 *
 * Every reader (scenario and strategy scripts, modules, edge lists, CSV
 * for plot, sweep partial results) opens its file here:
 *
 *     FILE *f = rm_open_input("students/a.lua", NULL, &err);   // its own folder
 *     FILE *g = rm_open_input("scen/data/edges.csv", "scen", &err);
 *     if (!f) fprintf(stderr, "%s\n", err.msg);
 *
 * Only a regular file is read: a FIFO, device or folder is refused at
 * once (opened O_NONBLOCK, checked with fstat), never waited on. The file,
 * with every symbolic link resolved, must lie inside `folder` (NULL: the
 * folder the path names it in), so a link cannot lead out of it.
 */
#ifndef RMSIM_INPUT_H
#define RMSIM_INPUT_H

#include <stdio.h>

#include "rmsim/error.h"

/* The open file ("rb"), or NULL with err = "path: why". */
FILE *rm_open_input(const char *path, const char *folder, rm_error *err);

/* 1 if path, all links resolved, lies inside folder (resolved), else 0. */
int rm_path_inside(const char *path, const char *folder);

#endif
