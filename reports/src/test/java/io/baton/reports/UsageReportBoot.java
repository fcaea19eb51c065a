package io.baton.reports;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The reports module booted for the usage report tests ({@link UsageReportTest} on H2, {@link UsageReportPostgresTest}
 * on PostgreSQL): the job started by the tests only, chunks of one node, acme's core-hour price, currency and
 * cost centre, globex's node-hour price, and two pools of two customers. Each test adds its job repository's database.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = {ReportsTestApp.class, UsageReportTest.Faults.class}, properties = {
        "spring.batch.job.enabled=false",
        "baton.reports.enabled=false",
        "baton.reports.chunk-size=1",
        "baton.reports.prices.acme.per-core-hour=0.05",
        "baton.reports.prices.acme.currency=EUR",
        "baton.reports.prices.globex.per-node-hour=0.10",
        "baton.reports.tags.acme.cost-centre=cc-42",
        "baton.pools.shop-web.customer=acme",
        "baton.pools.lab.customer=initech",
})
@interface UsageReportBoot { }
