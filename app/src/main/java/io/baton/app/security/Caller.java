package io.baton.app.security;

/**
 * Who is calling: an operator, billing, or a customer (with its name).
 *
 * @param name how the journal names the caller
 */
public record Caller(String name, String role, String customer) {

    public static final String OPS = "OPS";
    public static final String BILLING = "BILLING";
    public static final String CUSTOMER = "CUSTOMER";

    public boolean isOps() { return OPS.equals(role); }

    /** Whether this caller may see and act on the pools of {@code poolCustomer}. */
    public boolean mayUse(String poolCustomer) {
        return isOps() || (CUSTOMER.equals(role) && customer.equals(poolCustomer));
    }
}
