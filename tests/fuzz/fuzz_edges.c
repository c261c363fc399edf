/* fuzz_edges.c - the edge-list loader on any bytes: an error or a graph,
 * never a crash; a graph must be well formed. */
#include <stdlib.h>

#include "fuzz_util.h"
#include "rmsim/network.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    int fd = as_file(data, size, path, sizeof path);
    if (fd < 0)
        return 0;
    rm_network g;
    rm_error err;
    int32_t fixed = size > 0 && data[0] == '#' ? 100 : 0;
    if (rm_network_load(&g, path, fixed, &err) == 0) {
        for (int32_t i = 0; i < g.n; i++)
            for (int64_t e = g.offset[i]; e < g.offset[i + 1]; e++)
                if (g.adj[e] < 0 || g.adj[e] >= g.n || g.adj[e] == i)
                    abort();
        rm_network_free(&g);
    }
    close(fd);
    return 0;
}
