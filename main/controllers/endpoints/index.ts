// The Endpoints and EndpointSlice controllers.
export { endpointsController, endpointsControllerWith, type EndpointsControllerOptions } from './endpoints-controller.js';
export { endpointSliceController, endpointSliceControllerWith, type EndpointSliceControllerOptions } from './endpointslice-controller.js';
