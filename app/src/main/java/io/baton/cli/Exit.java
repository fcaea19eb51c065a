package io.baton.cli;

/** The client commands' exit codes: each outcome has its own, so scripts can tell them apart. */
enum Exit {
    OK(0, "done"),
    FAILED(1, "the server failed or answered something unreadable, or the actuator did not carry the request out"),
    USAGE(2, "bad usage: an unknown command or option, a bad argument, or a pool or input the server rejects (400, 404)"),
    REFUSED(3, "refused: a guardrail stopped the request (e.g. 409 over quota, whose message names the quota)"),
    UNAUTHORIZED(4, "unauthorized: no token, a wrong token (401), or a token that may not do this (403)"),
    UNREACHABLE(5, "the server cannot be reached, or has no leader to answer now (503); nothing was done"),
    WAIT_TIMEOUT(6, "scale --wait gave up: the nodes were not all RUNNING within --timeout");

    final int code;
    final String meaning;

    Exit(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }
}
