package io.baton.state;

/** The two databases the shared schema runs on, and the one expression in which their SQL differs. */
enum Dialect {
    POSTGRES {
        @Override String nowPlusMillis() { return "CURRENT_TIMESTAMP + (? * INTERVAL '1 millisecond')"; }
        @Override String nowMinusMillis() { return "CURRENT_TIMESTAMP - (? * INTERVAL '1 millisecond')"; }
    },
    H2 {
        @Override String nowPlusMillis() { return "DATEADD(MILLISECOND, ?, CURRENT_TIMESTAMP)"; }
        @Override String nowMinusMillis() { return "DATEADD(MILLISECOND, -?, CURRENT_TIMESTAMP)"; }
    };

    /** The database's own clock plus a number of milliseconds given as the one parameter. */
    abstract String nowPlusMillis();

    /** The database's own clock minus a number of milliseconds given as the one parameter. */
    abstract String nowMinusMillis();

    /** The dialect of a JDBC URL (known without connecting, so a replica starts while its database is down). */
    static Dialect ofUrl(String url) {
        if (url != null && url.startsWith("jdbc:postgresql:")) return POSTGRES;
        if (url != null && url.startsWith("jdbc:h2:")) return H2;
        throw new IllegalStateException("Baton's shared state runs on PostgreSQL or H2, not on " + url);
    }
}
