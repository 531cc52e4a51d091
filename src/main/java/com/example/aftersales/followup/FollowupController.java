package com.example.aftersales.followup;

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
    @Operation(summary = "Deadlines passed and not met as of at (default now), most late first; unit: one responsible unit's cases")
    Deadlines.Items overdue(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime at,
                            @RequestParam(required = false) String unit) {
        return deadlines.overdue(at == null ? OffsetDateTime.now(clock) : at, unit);
    }

    @GetMapping("/followup/due")
    @Operation(summary = "Deadlines not met falling within the next days (default 7) from at (default now), soonest first")
    Deadlines.Items due(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime at,
                        @RequestParam(defaultValue = "7") int days,
                        @RequestParam(required = false) String unit) {
        if (days < 1 || days > 366) {
            throw new InvalidInput("days", com.example.aftersales.text.Text.of("followup.days"));
        }
        OffsetDateTime from = at == null ? OffsetDateTime.now(clock) : at;
        return deadlines.due(from, from.plusDays(days), unit);
    }

    @GetMapping("/rectification-orders")
    @Operation(summary = "Rectification orders, newest first: all, or OPEN, ISSUED or CLOSED")
    List<RectificationOrders.Order> orders(@RequestParam(required = false) String status) {
        return orders.list(status);
    }

    @GetMapping("/rectification-orders/{id}")
    @Operation(summary = "A rectification order with the cases behind it")
    RectificationOrders.Order order(@PathVariable long id) {
        return orders.find(id);
    }

    @GetMapping("/notices")
    @Operation(summary = "Notices to circulate (P20): PENDING, CIRCULATED or both, by the date cases were received")
    Notices.NoticeList notices(@RequestParam(required = false) String status,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return notices.list(status, from, to);
    }
}
