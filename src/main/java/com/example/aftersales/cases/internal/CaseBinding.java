package com.example.aftersales.cases.internal;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.format.support.FormattingConversionService;
import org.springframework.validation.Validator;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.support.ConfigurableWebBindingInitializer;

import com.example.aftersales.cases.CaseData;
import com.example.aftersales.cases.CaseDataCheck;

/**
 * Spring MVC's binding as Spring Boot sets it up (its conversion service and validator), except that a request body
 * holding a case that plainly passes every constraint of CaseData is not walked by Bean Validation again
 * ({@link CaseDataCheck}); any other case, and every other target, is validated and reported exactly as before. Spring
 * Boot takes a {@link ConfigurableWebBindingInitializer} bean in place of its own. Here rather than an
 * {@code @InitBinder} method on the controller: that is looked up and invoked reflectively for every binder, and cost
 * about as much as half the validation it saved (issue 17, JFR). Only in a servlet web application: the service run
 * without a web server (the demo loader, harnesses, tests) has no MVC binding to set up.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class CaseBinding {

    @Bean
    ConfigurableWebBindingInitializer caseBindingInitializer(
            @Qualifier("mvcConversionService") FormattingConversionService conversionService,
            @Qualifier("mvcValidator") Validator validator) {
        ConfigurableWebBindingInitializer initializer = new ConfigurableWebBindingInitializer() {
            @Override
            public void initBinder(WebDataBinder binder) {
                super.initBinder(binder);
                if (binder.getTarget() instanceof CaseData && binder.getValidators().size() == 1) {
                    binder.setValidator(CaseDataCheck.before(binder.getValidators().get(0)));
                }
            }
        };
        initializer.setConversionService(conversionService);
        initializer.setValidator(validator);
        return initializer;
    }
}
