package io.baton.state;

/** The two databases the shared schema runs on, the one expression in which their SQL differs, and their own migrations. */
enum Dialect {
    POSTGRES("postgresql") {
        @Override String nowPlusMillis() { return "CURRENT_TIMESTAMP + (? * INTERVAL '1 millisecond')"; }
        @Override String nowMinusMillis() { return "CURRENT_TIMESTAMP - (? * INTERVAL '1 millisecond')"; }
    },
    H2("h2") {
        @Override String nowPlusMillis() { return "DATEADD(MILLISECOND, ?, CURRENT_TIMESTAMP)"; }
        @Override String nowMinusMillis() { return "DATEADD(MILLISECOND, -?, CURRENT_TIMESTAMP)"; }
    };

    private final String vendor;

    Dialect(String vendor) {
        this.vendor = vendor;
    }

    /** The vendor's name as Spring Boot spells it ({@code postgresql}, {@code h2}): the folder of its own migrations. */
    String vendor() { return vendor; }

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
