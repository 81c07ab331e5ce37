package org.raftboot.sample;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Refuses a raw {@code ;} in the path of the API (400). Spring MVC reads what follows it in a path
 * segment as path parameters and drops them, so {@code PUT /kv/a;b} would silently write key
 * {@code a}, and {@code POST /cluster/members/4;x} would add member 4. A key containing {@code ;}
 * is written percent-encoded ({@code %3B}) and works as any other.
 */
@Component
class PathParameterGuard implements HandlerInterceptor, WebMvcConfigurer {

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this).addPathPatterns("/kv/**", "/cluster/**");
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (request.getRequestURI().indexOf(';') >= 0) {
			throw new IllegalArgumentException("a ';' in the path must be percent-encoded as %3B");
		}
		return true;
	}

}
