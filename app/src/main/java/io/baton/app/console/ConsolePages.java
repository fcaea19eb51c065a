package io.baton.app.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's stable paths: each is the same page ({@code index.html}), whose scripts read the path and
 * draw the view. The data comes from the REST API with the caller's token, so these paths are open.
 */
@Controller
class ConsolePages {

    /** The paths of the console's views besides {@code /}, which serves the page itself. */
    @GetMapping({"/pools/{pool}", "/decisions", "/rules", "/usage"})
    String page() {
        return "forward:/index.html";
    }
}
