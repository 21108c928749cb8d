package io.eventweave.instrumentation.jdkurlconnection;

import io.eventweave.instrumentation.api.InstrumentationModule;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.runtime.http.HttpProviders;
import java.util.List;

/** {@code java.net.HttpURLConnection}, HTTP and HTTPS. */
public final class JdkUrlConnectionModule implements InstrumentationModule {
    @Override
    public String name() {
        return HttpProviders.JDK_URLCONNECTION;
    }

    @Override
    public String description() {
        return "HttpURLConnection requests as http.client.request.";
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(new HttpUrlConnectionInstrumentation());
    }
}
