package com.example.aftersales.followup.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import com.example.aftersales.followup.Deadlines;
import com.example.aftersales.followup.FollowupExceptions;
import com.example.aftersales.followup.Notices;
import com.example.aftersales.followup.Paging;
import com.example.aftersales.followup.RectificationOrders;
import com.example.aftersales.followup.FollowupExceptions.InvalidInput;

@RestController
@RequestMapping("/api")
@Tag(name = "Follow-up")
class FollowupController {

    private final Deadlines deadlines;
    private final RectificationOrders orders;
    private final Notices notices;
    private final Clock clock;

    FollowupController(Deadlines deadlines, RectificationOrders orders, Notices notices, Clock clock) {
        this.deadlines = deadlines;
        this.orders = orders;
        this.notices = notices;
        this.clock = clock;
    }

    @GetMapping("/followup/overdue")
    @Operation(summary = "Deadlines passed and not met as of at (default now), most late first; unit: one responsible unit's cases. Paged: page (from 0), size (1 to aftersales.followup.max-items, its default), sort deadline|unit|kind|case (a leading - reverses); total and byKind count the whole list")
    Deadlines.Items overdue(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime at,
                            @RequestParam(required = false) String unit,
                            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
                            @RequestParam(required = false) String sort) {
        Paging paging = Paging.of(page, size, sort, deadlines.maxItems(), deadlines.maxItems(), Deadlines.SORTS, "deadline");
        return deadlines.overdue(at == null ? OffsetDateTime.now(clock) : at, unit, paging);
    }

    @GetMapping("/followup/due")
    @Operation(summary = "Deadlines not met falling within the next days (default 7) from at (default now), soonest first; paged like overdue, total and byKind over the whole list")
    Deadlines.Items due(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime at,
                        @RequestParam(defaultValue = "7") int days,
                        @RequestParam(required = false) String unit,
                        @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
                        @RequestParam(required = false) String sort) {
        if (days < 1 || days > 366) {
            throw new InvalidInput("days", com.example.aftersales.text.Text.of("followup.days"));
        }
        Paging paging = Paging.of(page, size, sort, deadlines.maxItems(), deadlines.maxItems(), Deadlines.SORTS, "deadline");
        OffsetDateTime from = at == null ? OffsetDateTime.now(clock) : at;
        return deadlines.due(from, from.plusDays(days), unit, paging);
    }

    @GetMapping("/rectification-orders")
    @Operation(summary = "Rectification orders, newest first: all, or OPEN, ISSUED or CLOSED. Paged: page (from 0), size (1 to aftersales.followup.max-items, its default), sort opened|id|cases (a leading - reverses; default -opened); the whole count in X-Total-Count, the page in X-Page and X-Page-Size")
    org.springframework.http.ResponseEntity<List<RectificationOrders.Order>> orders(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
            @RequestParam(required = false) String sort) {
        Paging paging = Paging.of(page, size, sort, orders.maxPageSize(), orders.maxPageSize(), RectificationOrders.SORTS, "-opened");
        RectificationOrders.OrderPage found = orders.page(status, paging);
        // the answer stays a list (its shape since issue 7); the page and the whole count go in headers
        return org.springframework.http.ResponseEntity.ok()
                .header("X-Total-Count", Long.toString(found.total()))
                .header("X-Page", Integer.toString(paging.page()))
                .header("X-Page-Size", Integer.toString(paging.size()))
                .body(found.orders());
    }

    @GetMapping("/rectification-orders/{id}")
    @Operation(summary = "A rectification order with the cases behind it")
    RectificationOrders.Order order(@PathVariable long id) {
        return orders.find(id);
    }

    @GetMapping("/notices")
    @Operation(summary = "Notices to circulate (P20): PENDING, CIRCULATED or both, by the date cases were received. Paged: page (from 0), size (1 to aftersales.followup.max-items, its default), sort received|case|unit (a leading - reverses; default -received); total counts the whole list")
    Notices.NoticeList notices(@RequestParam(required = false) String status,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                               @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
                               @RequestParam(required = false) String sort) {
        Paging paging = Paging.of(page, size, sort, notices.maxItems(), notices.maxItems(), Notices.SORTS, "-received");
        return notices.list(status, from, to, paging);
    }
}
