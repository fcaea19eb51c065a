package io.baton.actuators.local;

/**
 * A live process whose command line marks it as a node of this data dir, as read from
 * {@code /proc/<pid>/cmdline}: nothing in it is checked yet (see {@link Adoption}).
 *
 * @param pid its process id
 * @param pool its {@code --pool} argument ("" when missing)
 * @param id its {@code --id} argument ("" when missing)
 * @param port its {@code --port} argument, as written ("" when missing)
 */
record NodeProcess(long pid, String pool, String id, String port) { }
