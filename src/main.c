#include "iopreport/cli.h"

#include <glib.h>

/* GLib 2.74 (Debian 12's) hands pango's small objects (items, runs,
 * lines, attributes, list nodes) out of its slice allocator's magazines;
 * 2.76 removed that allocator because malloc had become faster.  Here it
 * took 2 % of a batch's cycles, and malloc in its place saves 1.5-2 % of
 * a batch's CPU and 0.5 MiB of its peak PSS (bench/README.md, stop 24).
 *
 * The choice must be made before the slice allocator's first use, and
 * GObject's constructor already uses it, so main() is too late; setting
 * G_SLICE in the environment here would not help either, as libc's own
 * constructor puts back the environment the process was started with.
 * An executable's preinit functions run before any library's
 * constructor, and g_slice_set_config() only sets a static flag.  Under
 * valgrind, and from GLib 2.76 on, GLib uses malloc anyway. */
static void slices_from_malloc(int argc, char **argv, char **envp)
{
    (void)argc;
    (void)argv;
    (void)envp;
    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    g_slice_set_config(G_SLICE_CONFIG_ALWAYS_MALLOC, TRUE);
    G_GNUC_END_IGNORE_DEPRECATIONS
}

typedef void (*preinit_function)(int argc, char **argv, char **envp);
__attribute__((section(".preinit_array"), used)) static const preinit_function preinit[] = {
    slices_from_malloc};

int main(int argc, char **argv)
{
    return iop_cli_main(argc, argv);
}
